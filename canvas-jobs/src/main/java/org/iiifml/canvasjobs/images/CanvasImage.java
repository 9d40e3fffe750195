package org.iiifml.canvasjobs.images;

import java.awt.image.BufferedImage;
import org.iiifml.canvasjobs.source.PlannedCanvas;
import org.iiifml.iiif.image.ImageInfo;
import org.iiifml.iiif.image.Region;
import org.iiifml.iiif.presentation.CanvasRegions;

/**
 * A canvas's image as a model gets it: decoded, with the size it was served at, the canvas's size (its
 * own, or the served size when it has none) and, with an Image API service, the service's full image
 * information, for building region requests.
 *
 * @param image the decoded pixels, {@code servedWidth × servedHeight}
 * @param iiifRequest the request the fetcher made
 * @param info the image service's information, or null for an image without a service
 */
public record CanvasImage(PlannedCanvas canvas, BufferedImage image, int servedWidth, int servedHeight, int canvasWidth,
        int canvasHeight, String iiifRequest, ImageInfo info) {

    /** Served pixels to canvas coordinates, horizontally. */
    public double scaleX() {
        return (double) canvasWidth / servedWidth;
    }

    public double scaleY() {
        return (double) canvasHeight / servedHeight;
    }

    /**
     * A canvas region in pixels of the full image (see {@link CanvasRegions#toImage}); needs {@link #info}.
     */
    public Region toImage(Region canvasRegion) {
        if (info == null) {
            throw new IllegalStateException("the canvas's image has no Image API service");
        }
        String selected = canvas.image() == null ? null : canvas.image().region();
        return CanvasRegions.toImage(canvas.width(), canvas.height(), selected, canvasRegion, info.width(), info.height());
    }
}
