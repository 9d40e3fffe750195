package org.iiifml.support.outbound;

/** A URL or address the fetcher will not contact; the message says why in words safe to show a caller. */
public class RefusedException extends RuntimeException {

    public RefusedException(String message) {
        super(message);
    }
}
