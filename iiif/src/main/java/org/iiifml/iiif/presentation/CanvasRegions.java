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
        return toImage(canvas.width(), canvas.height(), body.region(), canvasRegion, imageWidth, imageHeight);
    }

    /**
     * The same from the sizes alone, for a caller that kept them instead of the canvas: the canvas's width
     * and height as the document gives them (null or zero: unusable), and the region the body selects of
     * its image ({@code x,y,w,h}, or null for all of it).
     */
    public static Region toImage(Integer canvasWidth, Integer canvasHeight, String bodyRegion, Region canvasRegion,
            int imageWidth, int imageHeight) {
        Region base = bodyRegion != null ? Region.parse(bodyRegion) : new Region(0, 0, imageWidth, imageHeight);
        if (canvasRegion == null) {
            return bodyRegion != null ? base : null;
        }
        int cw = canvasWidth != null && canvasWidth > 0 ? canvasWidth : base.width();
        int ch = canvasHeight != null && canvasHeight > 0 ? canvasHeight : base.height();
        double sx = (double) base.width() / cw;
        double sy = (double) base.height() / ch;
        return new Region(base.x() + (int) Math.round(canvasRegion.x() * sx), base.y() + (int) Math.round(canvasRegion.y() * sy),
                Math.max(1, (int) Math.round(canvasRegion.width() * sx)), Math.max(1, (int) Math.round(canvasRegion.height() * sy)));
    }
}
