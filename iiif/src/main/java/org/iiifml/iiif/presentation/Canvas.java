package org.iiifml.iiif.presentation;

import java.util.List;
import java.util.Optional;

/**
 * A canvas. Width and height are as the document gives them: null when absent, and possibly zero, which
 * callers must never divide by (take the real size from the image service then).
 */
public record Canvas(String id, LanguageMap label, Integer width, Integer height, Double duration,
        List<PaintingAnnotation> paintings, List<ContentResource> thumbnails, List<Link> annotations) {

    public Canvas {
        label = label == null ? LanguageMap.EMPTY : label;
        paintings = List.copyOf(paintings);
        thumbnails = List.copyOf(thumbnails);
        annotations = List.copyOf(annotations);
    }

    /** The body of the first painting annotation, if the canvas paints anything. */
    public Optional<ContentResource> firstBody() {
        return paintings.stream().map(PaintingAnnotation::body).filter(b -> b != null).findFirst();
    }

    /** The first painted image, skipping sound, video and text. */
    public Optional<ContentResource> firstImage() {
        return paintings.stream().map(PaintingAnnotation::body)
                .filter(b -> b != null && b.isImage()).findFirst();
    }
}
