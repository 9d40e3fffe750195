package org.iiifml.colorizer.jobs;

/**
 * One canvas colourised: the stored image (its id, the sha256 of the JPEG, in the results directory), its
 * pixel size, the canvas's page and size, and the IIIF request the original was fetched with.
 */
public record ColorizationResult(String image, int width, int height, int page, int canvasWidth, int canvasHeight, String iiifRequest) {
}
