package org.iiifml.iiif.image;

/** A width and height in pixels. */
public record Size(int width, int height) {

    public long area() {
        return (long) width * height;
    }
}
