package org.iiifml.iiif.presentation;

import java.util.List;

/**
 * One painting annotation of a canvas. {@code bodies} holds every alternative of a Choice, the default
 * (v2 {@code default}, v3 first item) first; a plain body is a list of one. {@code target} is as written,
 * for example {@code canvas#xywh=3949,994,1091,1232} when the image covers part of the canvas.
 */
public record PaintingAnnotation(String id, String target, List<ContentResource> bodies, boolean choice) {

    public PaintingAnnotation {
        bodies = List.copyOf(bodies);
    }

    /** The body to use: the default of a Choice, or the body itself; null when the annotation has none. */
    public ContentResource body() {
        return bodies.isEmpty() ? null : bodies.get(0);
    }
}
