package org.iiifml.iiif.presentation;

import org.iiifml.iiif.image.Region;

/** Canvas coordinates to the pixels of the image a canvas paints. */
public final class CanvasRegions {

    private CanvasRegions() {
    }

    /**
     * A region of the canvas in pixels of the painted image: the canvas maps onto the image, or onto the
     * part of it a SpecificResource selects. A canvas without usable dimensions is taken to have the
     * image's. With no canvas region: the selected part, or null for the whole image.
     */
    public static Region toImage(Canvas canvas, ContentResource body, Region canvasRegion, int imageWidth, int imageHeight) {
        Region base = body.region() != null ? Region.parse(body.region()) : new Region(0, 0, imageWidth, imageHeight);
        if (canvasRegion == null) {
            return body.region() != null ? base : null;
        }
        int cw = canvas.width() != null && canvas.width() > 0 ? canvas.width() : base.width();
        int ch = canvas.height() != null && canvas.height() > 0 ? canvas.height() : base.height();
        double sx = (double) base.width() / cw;
        double sy = (double) base.height() / ch;
        return new Region(base.x() + (int) Math.round(canvasRegion.x() * sx), base.y() + (int) Math.round(canvasRegion.y() * sy),
                Math.max(1, (int) Math.round(canvasRegion.width() * sx)), Math.max(1, (int) Math.round(canvasRegion.height() * sy)));
    }
}
