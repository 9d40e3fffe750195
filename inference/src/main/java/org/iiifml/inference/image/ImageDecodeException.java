package org.iiifml.inference.image;

/** An image that is not decoded, and why; services answer it as a 4xx problem. */
public final class ImageDecodeException extends RuntimeException {

    public enum Kind {
        /** No bytes at all. */
        EMPTY,
        /** Not a format the decoder takes. */
        UNSUPPORTED,
        /** The format is known but the data is broken or truncated. */
        CORRUPT,
        /** More pixels than the decoder is allowed, read from the header. */
        TOO_LARGE
    }

    private final Kind kind;

    public ImageDecodeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
