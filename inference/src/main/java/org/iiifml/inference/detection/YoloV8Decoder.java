package org.iiifml.inference.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.iiifml.inference.preprocess.Preprocessing.Placement;

/**
 * Reads the output of an Ultralytics YOLOv8 ONNX export, {@code [4 + nc, anchors]} for one image (8400
 * anchors at 640 × 640): per anchor the box centre, width and height in model-input pixels, then one score
 * per class. Keeps the anchors whose best class scores at least the threshold, suppresses overlaps class by
 * class (greedy non-maximum suppression by IoU), and maps the boxes back through the letterbox to the pixels
 * of the image that was letterboxed, clipped to it.
 */
public final class YoloV8Decoder {

    private final List<String> labels;
    private final float confidence;
    private final double iouThreshold;
    private final int maxDetections;

    /**
     * @param confidence lowest class score kept
     * @param iouThreshold boxes of one class overlapping a better one by more than this are dropped
     * @param maxDetections most boxes answered per image, best first
     */
    public YoloV8Decoder(List<String> labels, float confidence, double iouThreshold, int maxDetections) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a detector needs its class names");
        }
        this.labels = List.copyOf(labels);
        this.confidence = confidence;
        this.iouThreshold = iouThreshold;
        this.maxDetections = maxDetections;
    }

    /**
     * @param output one image's output, row-major {@code [4 + nc][anchors]}
     * @param shape its shape without the batch dimension: {@code [4 + nc, anchors]}
     * @param placement where the image lies in the model input (from the letterbox)
     * @param imageWidth width of the image that was letterboxed
     * @param imageHeight its height
     */
    public List<Detection> decode(float[] output, long[] shape, Placement placement, int imageWidth, int imageHeight) {
        if (shape.length != 2 || shape[0] != 4 + labels.size()) {
            throw new IllegalArgumentException("expected an output of [" + (4 + labels.size()) + ", anchors] for "
                    + labels.size() + " classes, got " + java.util.Arrays.toString(shape));
        }
        int anchors = (int) shape[1];
        int classes = labels.size();
        List<Detection> candidates = new ArrayList<>();
        for (int a = 0; a < anchors; a++) {
            int best = 0;
            float score = output[4 * anchors + a];
            for (int c = 1; c < classes; c++) {
                float s = output[(4 + c) * anchors + a];
                if (s > score) {
                    score = s;
                    best = c;
                }
            }
            if (score < confidence) {
                continue;
            }
            double cx = output[a];
            double cy = output[anchors + a];
            double w = output[2 * anchors + a];
            double h = output[3 * anchors + a];
            // Model input → image: undo the padding, then the scale; clip to the image.
            double x0 = clamp((cx - w / 2 - placement.padX()) / placement.scaleX(), imageWidth);
            double y0 = clamp((cy - h / 2 - placement.padY()) / placement.scaleY(), imageHeight);
            double x1 = clamp((cx + w / 2 - placement.padX()) / placement.scaleX(), imageWidth);
            double y1 = clamp((cy + h / 2 - placement.padY()) / placement.scaleY(), imageHeight);
            if (x1 - x0 <= 0 || y1 - y0 <= 0) {
                continue;
            }
            candidates.add(new Detection(x0, y0, x1 - x0, y1 - y0, score, best, labels.get(best)));
        }
        candidates.sort(Comparator.comparing(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : candidates) {
            boolean suppressed = false;
            for (Detection k : kept) {
                if (k.classIndex() == d.classIndex() && k.iou(d) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(d);
                if (kept.size() == maxDetections) {
                    break;
                }
            }
        }
        return kept;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
