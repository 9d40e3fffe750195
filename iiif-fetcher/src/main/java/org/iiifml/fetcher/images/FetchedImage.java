package org.iiifml.fetcher.images;

/** An image as the fetcher returns it: bytes, media type, size, and the Image API request that produced it. */
public record FetchedImage(byte[] bytes, String contentType, int width, int height, String requestUrl) {
}
