package org.iiifml.canvasjobs.images;

import java.util.Map;
import org.iiifml.inference.image.ImageDecodeException;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.runtime.Admission;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;

/** What inference refuses, as the problem a client gets. */
public final class InferenceProblems {

    private InferenceProblems() {
    }

    /** An image that cannot be decoded: empty 400, unsupported 415, corrupt 422, too large 413. */
    public static ProblemException of(ImageDecodeException e) {
        ProblemType type = switch (e.kind()) {
            case EMPTY -> ProblemType.BAD_REQUEST;
            case UNSUPPORTED -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case CORRUPT -> ProblemType.IMAGE_UNREADABLE;
            case TOO_LARGE -> ProblemType.IMAGE_TOO_LARGE;
        };
        return new ProblemException(type, e.getMessage());
    }

    /**
     * Decodes an image, a client's image that cannot be decoded becoming its problem: every model service
     * decodes uploads and canvases this way.
     */
    public static ImageDecoder.Decoded decode(ImageDecoder decoder, byte[] bytes, int atLeastLongSide) {
        try {
            return decoder.decode(bytes, atLeastLongSide);
        } catch (ImageDecodeException e) {
            throw of(e);
        }
    }

    /**
     * Decodes an upload for a model: a JPEG larger than the model's preprocessing keeps may be decoded at a
     * reduced scale ({@link Preprocessing#maxDecodeReduction}).
     */
    public static ImageDecoder.Decoded decode(ImageDecoder decoder, byte[] bytes, Preprocessing preprocessing) {
        try {
            return decoder.decodeReduced(bytes, preprocessing::maxDecodeReduction);
        } catch (ImageDecodeException e) {
            throw of(e);
        }
    }

    /** Too many requests waiting: 429 with Retry-After. */
    public static ProblemException of(Admission.Busy e) {
        return new ProblemException(ProblemType.TOO_MANY_REQUESTS, e.getMessage(), Map.of("retryAfterSeconds", e.retryAfterSeconds()), null);
    }

    /** An upload's turn, or the 429 problem when too many wait. */
    public static Admission.Permit enter(Admission admission) {
        try {
            return admission.enter();
        } catch (Admission.Busy e) {
            throw of(e);
        }
    }
}
