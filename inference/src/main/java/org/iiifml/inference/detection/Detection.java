package org.iiifml.inference.detection;

/**
 * One detected region, in the pixels of the image it is reported for (x, y its top-left corner).
 *
 * @param label the class name from the model's labels
 */
public record Detection(double x, double y, double width, double height, float score, int classIndex, String label) {

    public double area() {
        return Math.max(0, width) * Math.max(0, height);
    }

    /** Intersection over union with another detection. */
    public double iou(Detection other) {
        double ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        double iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double intersection = ix * iy;
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** The same region scaled by (sx, sy): from one image size to another (a served IIIF size to the canvas). */
    public Detection scaled(double sx, double sy) {
        return new Detection(x * sx, y * sy, width * sx, height * sy, score, classIndex, label);
    }
}
