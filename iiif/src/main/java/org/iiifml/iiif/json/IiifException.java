package org.iiifml.iiif.json;

/** A document that cannot be read as the IIIF resource it should be. The message is safe to show a user. */
public class IiifException extends RuntimeException {

    public IiifException(String message) {
        super(message);
    }

    public IiifException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A document past a size limit (its bytes or its tokens): perhaps valid, but more than is read here. */
    public static final class TooLarge extends IiifException {
        public TooLarge(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
