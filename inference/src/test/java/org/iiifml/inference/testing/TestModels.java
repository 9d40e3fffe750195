package org.iiifml.inference.testing;

import java.util.List;
import java.util.Random;
import org.iiifml.inference.onnx.OnnxGraph;
import org.iiifml.inference.onnx.OnnxGraph.Attribute;

/**
 * ONNX models the tests make: small ones with known weights whose outputs can be worked out by hand, and
 * one with ResNet18's exact architecture and I/O (torchvision's layers, random weights).
 */
public final class TestModels {

    private TestModels() {
    }

    /**
     * [N,3,size,size] → the mean of each channel → logits = gain × mean + bias → [N,3]. With labels
     * red, green, blue and inputs normalised to 0–1, a red image scores highest as "red".
     */
    public static byte[] channelMeans(int size, float gain, float[] bias) {
        OnnxGraph g = new OnnxGraph("channel-means")
                .input("input", "N", 3L, (long) size, (long) size)
                .output("logits", "N", 3L)
                .initializer("W", new long[] {3, 3}, new float[] {gain, 0, 0, 0, gain, 0, 0, 0, gain})
                .initializer("B", new long[] {3}, bias);
        String pooled = g.node("GlobalAveragePool", null, List.of("input"));
        String flat = g.node("Flatten", null, List.of(pooled), Attribute.of("axis", 1L));
        g.node("Gemm", "logits", List.of(flat, "W", "B"), Attribute.of("transB", 1L));
        return g.toBytes("iiif-ml-suite tests");
    }

    /**
     * A model shaped as an Ultralytics YOLOv8 export ("images" [1,3,640,640] → "output0" [1,4+nc,8400])
     * whose output is the given values whatever the image: decoding, NMS and coordinate mapping can then be
     * checked against boxes placed by hand. The input still flows through the graph (times zero).
     */
    public static byte[] yoloV8Constant(int classes, float[] output) {
        long rows = 4 + classes;
        OnnxGraph g = new OnnxGraph("yolov8-constant").input("images", 1L, 3L, 640L, 640L).output("output0", 1L, rows, 8400L)
                .initializer("zero", new long[] {1}, new float[] {0f})
                .initializer("boxes", new long[] {1, rows, 8400}, output);
        String mean = g.node("ReduceMean", null, List.of("images"), Attribute.ints("axes", 1, 2, 3), Attribute.of("keepdims", 0L));
        String nothing = g.node("Mul", null, List.of(mean, "zero"));
        g.node("Add", "output0", List.of("boxes", nothing));
        return g.toBytes("iiif-ml-suite tests (YOLOv8 output layout)");
    }

    /**
     * torchvision's ResNet18: conv 7×7/2, batch norm, ReLU, max pool 3×3/2, four stages of two basic
     * blocks (64, 128, 256, 512 channels; stages 2–4 start with stride 2 and a 1×1 projection), global
     * average pool, fully connected to {@code classes}. Input "input" [N,3,224,224], output "output"
     * [N,classes], as `torch.onnx.export(resnet18(), …, dynamic_axes={"input": {0: "N"}})` writes it.
     * Weights are random (He-style scale) from {@code seed}.
     */
    public static byte[] resnet18(int classes, long seed) {
        Random random = new Random(seed);
        OnnxGraph g = new OnnxGraph("resnet18").input("input", "N", 3L, 224L, 224L).output("output", "N", (long) classes);
        String x = convBn(g, random, "conv1", "input", 3, 64, 7, 2, 3);
        x = g.node("Relu", null, List.of(x));
        x = g.node("MaxPool", null, List.of(x), Attribute.ints("kernel_shape", 3, 3), Attribute.ints("strides", 2, 2),
                Attribute.ints("pads", 1, 1, 1, 1));
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String prefix = "layer" + (stage + 1) + "." + block;
                int out = widths[stage];
                String y = convBn(g, random, prefix + ".conv1", x, in, out, 3, stride, 1);
                y = g.node("Relu", null, List.of(y));
                y = convBn(g, random, prefix + ".conv2", y, out, out, 3, 1, 1);
                String shortcut = stride != 1 || in != out ? convBn(g, random, prefix + ".downsample", x, in, out, 1, stride, 0) : x;
                String sum = g.node("Add", null, List.of(y, shortcut));
                x = g.node("Relu", null, List.of(sum));
                in = out;
            }
        }
        x = g.node("GlobalAveragePool", null, List.of(x));
        x = g.node("Flatten", null, List.of(x), Attribute.of("axis", 1L));
        g.initializer("fc.weight", new long[] {classes, 512}, randoms(random, classes * 512, Math.sqrt(1.0 / 512)));
        g.initializer("fc.bias", new long[] {classes}, randoms(random, classes, 0.01));
        g.node("Gemm", "output", List.of(x, "fc.weight", "fc.bias"), Attribute.of("transB", 1L));
        return g.toBytes("iiif-ml-suite tests (torchvision resnet18 layout, random weights)");
    }

    private static String convBn(OnnxGraph g, Random random, String name, String input, int in, int out, int kernel, int stride,
            int pad) {
        g.initializer(name + ".weight", new long[] {out, in, kernel, kernel},
                randoms(random, out * in * kernel * kernel, Math.sqrt(2.0 / (in * kernel * kernel))));
        String conv = g.node("Conv", null, List.of(input, name + ".weight"), Attribute.ints("kernel_shape", kernel, kernel),
                Attribute.ints("strides", stride, stride), Attribute.ints("pads", pad, pad, pad, pad));
        float[] ones = new float[out];
        java.util.Arrays.fill(ones, 1f);
        g.initializer(name + ".bn.weight", new long[] {out}, ones);
        g.initializer(name + ".bn.bias", new long[] {out}, new float[out]);
        g.initializer(name + ".bn.running_mean", new long[] {out}, new float[out]);
        g.initializer(name + ".bn.running_var", new long[] {out}, ones);
        return g.node("BatchNormalization", null, List.of(conv, name + ".bn.weight", name + ".bn.bias", name + ".bn.running_mean",
                name + ".bn.running_var"), Attribute.of("epsilon", 1e-5f));
    }

    private static float[] randoms(Random random, int count, double scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }
}
