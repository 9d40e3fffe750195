package org.iiifml.trainer.colorization;

import java.util.List;
import org.iiifml.inference.onnx.OnnxGraph;
import org.iiifml.inference.onnx.OnnxGraph.Attribute;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;

/**
 * A trained {@link ColorNet} as ONNX. DJL cannot export a graph, so the network's layers are written here
 * from its parameters, op for op as {@link ColorNet#forward} runs them: Conv (with its stride and padding),
 * Relu, Resize (nearest, asymmetric, floor: element repetition), Concat over channels, Tanh. Input
 * {@code L} [N, 1, size, size], output {@code ab} [N, 2, size, size].
 */
public final class ColorNetOnnx {

    private ColorNetOnnx() {
    }

    public static byte[] export(ColorNet net, int size, String name) {
        OnnxGraph g = new OnnxGraph(name).input("L", "N", 1, size, size).output("ab", "N", 2, size, size);
        g.initializer("up_scales", new long[] {4}, new float[] {1, 1, 2, 2});
        var layers = net.layers();
        for (ColorNet.Layer layer : layers) {
            var w = ColorNet.weight(layer).getArray();
            var b = ColorNet.bias(layer).getArray();
            g.initializer(layer.name() + ".weight", w.getShape().getShape(), w.toFloatArray());
            g.initializer(layer.name() + ".bias", b.getShape().getShape(), b.toFloatArray());
        }
        String e1 = convRelu(g, layers.get(0), "L");
        String e2 = convRelu(g, layers.get(1), e1);
        String e3 = convRelu(g, layers.get(2), e2);
        String e4 = convRelu(g, layers.get(3), e3);
        String bottom = convRelu(g, layers.get(4), e4);
        String d3 = convRelu(g, layers.get(5), concat(g, up(g, bottom), e3));
        String d2 = convRelu(g, layers.get(6), concat(g, up(g, d3), e2));
        String d1 = convRelu(g, layers.get(7), concat(g, up(g, d2), e1));
        g.node("Tanh", "ab", List.of(conv(g, layers.get(8), d1)));
        return g.toBytes("iiif-ml-suite trainer");
    }

    private static String conv(OnnxGraph g, ColorNet.Layer layer, String input) {
        long k = layer.kernel();
        long p = k / 2;
        return g.node("Conv", null, List.of(input, layer.name() + ".weight", layer.name() + ".bias"), Attribute.ints("kernel_shape", k, k),
                Attribute.ints("strides", layer.stride(), layer.stride()), Attribute.ints("pads", p, p, p, p));
    }

    private static String convRelu(OnnxGraph g, ColorNet.Layer layer, String input) {
        return g.node("Relu", null, List.of(conv(g, layer, input)));
    }

    private static String up(OnnxGraph g, String input) {
        return g.node("Resize", null, List.of(input, "", "up_scales"), Attribute.of("mode", "nearest"),
                Attribute.of("coordinate_transformation_mode", "asymmetric"), Attribute.of("nearest_mode", "floor"));
    }

    private static String concat(OnnxGraph g, String a, String b) {
        return g.node("Concat", null, List.of(a, b), Attribute.of("axis", 1L));
    }

    /**
     * The largest absolute difference between ONNX Runtime on the exported model and the network in DJL, on
     * the same inputs ((L − 50) / 100, count images).
     */
    public static double parity(byte[] onnx, float[] inputs, int count, int size, float[] djlOutputs) {
        try (OnnxModel model = OnnxModel.load(onnx, "parity", RuntimeOptions.cpu(2))) {
            List<OnnxModel.Output> outputs = model.run(inputs, count, new long[] {1, size, size});
            double max = 0;
            int per = 2 * size * size;
            for (int k = 0; k < count; k++) {
                float[] values = outputs.get(k).values();
                for (int i = 0; i < per; i++) {
                    max = Math.max(max, Math.abs(values[i] - djlOutputs[k * per + i]));
                }
            }
            return max;
        }
    }
}
