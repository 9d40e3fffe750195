package org.iiifml.canvasjobs.images;

import org.iiifml.inference.image.ImageDecodeException;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;

/** An image that cannot be decoded, as the problem a client gets: empty 400, unsupported 415, corrupt 422, too large 413. */
public final class ImageProblems {

    private ImageProblems() {
    }

    public static ProblemException of(ImageDecodeException e) {
        ProblemType type = switch (e.kind()) {
            case EMPTY -> ProblemType.BAD_REQUEST;
            case UNSUPPORTED -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case CORRUPT -> ProblemType.IMAGE_UNREADABLE;
            case TOO_LARGE -> ProblemType.IMAGE_TOO_LARGE;
        };
        return new ProblemException(type, e.getMessage());
    }
}
