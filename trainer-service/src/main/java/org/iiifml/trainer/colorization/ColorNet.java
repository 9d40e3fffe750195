package org.iiifml.trainer.colorization;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's colourisation network, L → ab under the {@code colorization/lab} contract: a small U-Net.
 * Four 3×3 convolutions down (the last three with stride 2), one at the bottom, three up (nearest-neighbour
 * ×2, then a 3×3 convolution over the upsampled map concatenated with the encoder's map of that size), and a
 * 1×1 convolution to two channels through tanh: ab / {@link #AB_SCALE}. The input is (L − 50) / 100. Sizes
 * are multiples of 8. Every layer is one that {@link ColorNetOnnx} writes as ONNX.
 */
public final class ColorNet extends AbstractBlock {

    public static final float L_CENTER = 50;
    public static final float L_SCALE = 100;
    public static final float AB_SCALE = 110;
    private static final byte VERSION = 1;

    /** The layers in forward order, by name: what a checkpoint and the ONNX export walk. */
    public record Layer(String name, Conv2d conv, int stride, int kernel) {
    }

    private final int width;
    private final List<Layer> layers = new ArrayList<>();
    private final Layer enc1;
    private final Layer enc2;
    private final Layer enc3;
    private final Layer enc4;
    private final Layer bottom;
    private final Layer dec3;
    private final Layer dec2;
    private final Layer dec1;
    private final Layer out;

    /** @param width the first layer's channels (the others are 2×, 4×, 4×); 16 trains on a CPU in minutes */
    public ColorNet(int width) {
        super(VERSION);
        if (width < 2 || width > 256) {
            throw new IllegalArgumentException("width is 2 to 256, not " + width);
        }
        this.width = width;
        int c1 = width;
        int c2 = 2 * width;
        int c3 = 4 * width;
        enc1 = layer("enc1", c1, 3, 1);
        enc2 = layer("enc2", c2, 3, 2);
        enc3 = layer("enc3", c3, 3, 2);
        enc4 = layer("enc4", c3, 3, 2);
        bottom = layer("bottom", c3, 3, 1);
        dec3 = layer("dec3", c3, 3, 1);
        dec2 = layer("dec2", c2, 3, 1);
        dec1 = layer("dec1", c1, 3, 1);
        out = layer("out", 2, 1, 1);
    }

    private Layer layer(String name, int filters, int kernel, int stride) {
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(filters)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2)).build();
        Layer layer = new Layer(name, addChildBlock(name, conv), stride, kernel);
        layers.add(layer);
        return layer;
    }

    public int width() {
        return width;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /** A layer's weight [out, in, k, k] and bias [out]. */
    public static Parameter weight(Layer layer) {
        return layer.conv().getParameters().get("weight");
    }

    public static Parameter bias(Layer layer) {
        return layer.conv().getParameters().get("bias");
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray e1 = conv(store, enc1, x, training);
        NDArray e2 = conv(store, enc2, e1, training);
        NDArray e3 = conv(store, enc3, e2, training);
        NDArray e4 = conv(store, enc4, e3, training);
        NDArray b = conv(store, bottom, e4, training);
        NDArray d3 = conv(store, dec3, NDArrays.concat(new NDList(up(b), e3), 1), training);
        NDArray d2 = conv(store, dec2, NDArrays.concat(new NDList(up(d3), e2), 1), training);
        NDArray d1 = conv(store, dec1, NDArrays.concat(new NDList(up(d2), e1), 1), training);
        NDArray ab = out.conv().forward(store, new NDList(d1), training).singletonOrThrow().tanh();
        return new NDList(ab);
    }

    private static NDArray conv(ParameterStore store, Layer layer, NDArray x, boolean training) {
        return Activation.relu(layer.conv().forward(store, new NDList(x), training).singletonOrThrow());
    }

    /** Nearest-neighbour ×2 (ONNX Resize, nearest, asymmetric, floor). */
    private static NDArray up(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), 2, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        if (h % 8 != 0 || w % 8 != 0) {
            throw new IllegalArgumentException("the image size must be a multiple of 8, not " + h + "×" + w);
        }
        int c1 = width;
        int c2 = 2 * width;
        int c3 = 4 * width;
        enc1.conv().initialize(manager, dataType, new Shape(n, 1, h, w));
        enc2.conv().initialize(manager, dataType, new Shape(n, c1, h, w));
        enc3.conv().initialize(manager, dataType, new Shape(n, c2, h / 2, w / 2));
        enc4.conv().initialize(manager, dataType, new Shape(n, c3, h / 4, w / 4));
        bottom.conv().initialize(manager, dataType, new Shape(n, c3, h / 8, w / 8));
        dec3.conv().initialize(manager, dataType, new Shape(n, 2 * c3, h / 4, w / 4));
        dec2.conv().initialize(manager, dataType, new Shape(n, c3 + c2, h / 2, w / 2));
        dec1.conv().initialize(manager, dataType, new Shape(n, c2 + c1, h, w));
        out.conv().initialize(manager, dataType, new Shape(n, c1, h, w));
    }
}
