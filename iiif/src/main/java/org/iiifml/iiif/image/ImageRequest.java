package org.iiifml.iiif.image;

/**
 * An Image API request and what it will return.
 *
 * @param url the request URL in the service's version syntax
 * @param width width of the returned image
 * @param height height of the returned image
 * @param cropAfterFetch when the server cannot cut the region itself (level 0), the rectangle to cut from
 *     the returned image, in its pixels; null when the server returns exactly what was asked
 */
public record ImageRequest(String url, int width, int height, Region cropAfterFetch) {
}
