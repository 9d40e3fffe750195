package org.iiifml.iiif.json;

/** A document that cannot be read as the IIIF resource it should be. The message is safe to show a user. */
public class IiifException extends RuntimeException {

    public IiifException(String message) {
        super(message);
    }

    public IiifException(String message, Throwable cause) {
        super(message, cause);
    }
}
