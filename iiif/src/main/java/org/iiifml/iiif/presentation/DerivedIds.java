package org.iiifml.iiif.presentation;

/**
 * Ids for what Presentation 3 requires to have one but v2 documents (and some v3 ones) leave without: the
 * page of painting annotations of a canvas, and its annotations. Derived from the canvas id, so they are
 * stable from one read to the next.
 */
final class DerivedIds {

    private DerivedIds() {
    }

    static String paintingPage(String canvasId) {
        String base = canvasId == null ? "" : canvasId;
        return base + (base.contains("#") ? "-painting" : "#painting");
    }

    /** The id of the n-th (1-based) painting annotation of a canvas. */
    static String paintingAnnotation(String canvasId, int n) {
        return paintingPage(canvasId) + "-" + n;
    }
}
