package org.iiifml.iiif.image;

/**
 * An Image API service as a Presentation document references it. {@code level} is the compliance level
 * (0, 1 or 2) read from the profile, or null when the profile names none or an invalid one; a caller must
 * then assume only what level 0 allows. {@code id} is kept byte for byte ({@code %252F} stays).
 */
public record ImageService(String id, String type, ImageApiVersion version, Integer level, String profile) {

    /** The compliance level a request builder may rely on: unknown counts as 0. */
    public int effectiveLevel() {
        return level == null ? 0 : level;
    }
}
