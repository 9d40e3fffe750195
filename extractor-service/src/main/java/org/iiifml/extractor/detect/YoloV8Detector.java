package org.iiifml.extractor.detect;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.iiifml.inference.detection.Detection;
import org.iiifml.inference.detection.YoloV8Decoder;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;

/**
 * A model of the detection/yolov8 contract (an Ultralytics ONNX export): the page letterboxed into the
 * model's input (pad 114, RGB/255, as its model.json says), one output {@code [1, 4 + nc, anchors]} read by
 * {@link YoloV8Decoder}, boxes mapped back through the letterbox to the page's pixels.
 */
public final class YoloV8Detector implements Detector {

    private final ModelDescriptor descriptor;
    private final OnnxModel model;
    private final long[] imageShape;
    private final int maxDetections;

    YoloV8Detector(ModelDescriptor descriptor, OnnxModel model, int maxDetections) {
        this.descriptor = descriptor;
        this.model = model;
        this.maxDetections = maxDetections;
        Preprocessing p = descriptor.preprocessing();
        this.imageShape = new long[] {3, p.height(), p.width()};
        checkContract(descriptor, model);
    }

    /**
     * The detection/yolov8 contract: letterboxed, input [N, 3, H, W] as the preprocessing makes it, output
     * [4 + labels, anchors]. One run, which also warms the model up.
     */
    public static void checkContract(ModelDescriptor descriptor, OnnxModel model) {
        if (!descriptor.contract().equals(Detectors.YOLOV8)) {
            throw new IllegalStateException(descriptor.key() + ": the extractor reads the " + Detectors.YOLOV8
                    + " contract, not " + descriptor.contract());
        }
        Preprocessing p = descriptor.preprocessing();
        long[] imageShape = {3, p.height(), p.width()};
        if (!p.resize().equals(Preprocessing.LETTERBOX)) {
            throw new IllegalStateException(descriptor.key() + ": detection/yolov8 models are letterboxed, not " + p.resize());
        }
        long[] shape = model.inputShape();
        if (shape.length != 4 || !Arrays.equals(Arrays.copyOfRange(shape, 1, 4), imageShape)) {
            throw new IllegalStateException(descriptor.key() + " takes " + Arrays.toString(shape) + " but its preprocessing makes [N, 3, "
                    + p.height() + ", " + p.width() + "]");
        }
        if (descriptor.labels().isEmpty()) {
            throw new IllegalStateException(descriptor.key() + ": a detector's model.json names its classes in labels");
        }
        OnnxModel.Output out = model.run(new float[p.tensorSize()], 1, imageShape).get(0);
        if (out.shape().length != 2 || out.shape()[0] != 4 + descriptor.labels().size()) {
            throw new IllegalStateException(descriptor.key() + " answers " + Arrays.toString(out.shape()) + ", not [" + (4 + descriptor.labels().size())
                    + ", anchors] for " + descriptor.labels().size() + " labels");
        }
    }

    @Override
    public List<Detection> detect(BufferedImage image, float confidence, float iouThreshold) {
        Preprocessing p = descriptor.preprocessing();
        float[] input = new float[p.tensorSize()];
        Preprocessing.Placement placement = p.apply(image, input, 0);
        OnnxModel.Output out = model.run(input, 1, imageShape).get(0);
        return new YoloV8Decoder(descriptor.labels(), confidence, iouThreshold, maxDetections)
                .decode(out.values(), out.shape(), placement, image.getWidth(), image.getHeight());
    }

    @Override
    public int fetchBox() {
        return Math.max(descriptor.preprocessing().width(), descriptor.preprocessing().height());
    }

    @Override
    public String executionProvider() {
        return model.executionProvider();
    }

    @Override
    public void close() {
        model.close();
    }
}
