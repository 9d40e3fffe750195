package org.iiifml.classifier.pagetype;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.iiifml.classifier.pagetype.PageGenerator.Kind;
import org.iiifml.inference.onnx.OnnxGraph;
import org.iiifml.inference.onnx.OnnxGraph.Attribute;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in page-type model: is a page blank, text, illustrated or a cover? Its first layers are fixed
 * image statistics written as ONNX operators (an 8 × 8 grid of brightness, of ink and of local contrast,
 * and a 4 × 4 grid of colourfulness, from a 128 × 128 view of the page); a small two-layer network on
 * top is trained here, in plain Java with a fixed seed, on pages drawn by {@link PageGenerator}. The
 * features are computed by ONNX Runtime during training too, so training and serving see the same numbers.
 */
public final class PageTypeModel {

    public static final List<String> LABELS = List.of("blank", "text", "illustrated", "cover");
    public static final String NAME = "page-type";
    public static final String VERSION = "1";
    public static final Preprocessing PREPROCESSING =
            new Preprocessing(Preprocessing.STRETCH, 128, 128, null, 1.0 / 255, null, null, "RGB", null);
    static final int FEATURES = 64 + 64 + 64 + 16;
    static final int HIDDEN = 32;
    static final long[] IMAGE = {3, 128, 128};

    /** The training recipe; the seeds and sizes are recorded in the model's provenance. */
    public record Recipe(long trainSeed, int trainPerClass, long testSeed, int testPerClass, int epochs) {
        public static Recipe standard() {
            return new Recipe(20261124L, 200, 777L, 100, 60);
        }
    }

    /** A trained model: its bytes, its model.json and its accuracy on the held-out pages. */
    public record Trained(byte[] onnx, ModelDescriptor descriptor, double accuracy, Map<String, Double> accuracyPerLabel) {
    }

    private PageTypeModel() {
    }

    /** Adds the fixed feature layers to a graph reading {@code input}; answers the [N, FEATURES] output. */
    static String features(OnnxGraph g, String input) {
        g.initializer("luma", new long[] {1, 3, 1, 1}, new float[] {0.299f, 0.587f, 0.114f});
        g.initializer("ink_level", new long[] {1}, new float[] {0.6f});
        String gray = g.node("Conv", "gray", List.of(input, "luma"));
        String brightness = pooled(g, gray, 16);
        String ink = pooled(g, g.node("Relu", null, List.of(g.node("Sub", null, List.of("ink_level", gray)))), 16);
        String blur = g.node("AveragePool", null, List.of(gray), Attribute.ints("kernel_shape", 3, 3), Attribute.ints("strides", 1, 1),
                Attribute.ints("pads", 1, 1, 1, 1), Attribute.of("count_include_pad", 0L));
        String contrast = pooled(g, g.node("Abs", null, List.of(g.node("Sub", null, List.of(gray, blur)))), 16);
        String max = g.node("ReduceMax", null, List.of(input), Attribute.ints("axes", 1), Attribute.of("keepdims", 1L));
        String min = g.node("ReduceMin", null, List.of(input), Attribute.ints("axes", 1), Attribute.of("keepdims", 1L));
        String colour = pooled(g, g.node("Sub", null, List.of(max, min)), 32);
        return g.node("Concat", null, List.of(brightness, ink, contrast, colour), Attribute.of("axis", 1L));
    }

    private static String pooled(OnnxGraph g, String plane, int cell) {
        String pool = g.node("AveragePool", null, List.of(plane), Attribute.ints("kernel_shape", cell, cell), Attribute.ints("strides", cell, cell));
        return g.node("Flatten", null, List.of(pool), Attribute.of("axis", 1L));
    }

    static byte[] featureExtractor() {
        OnnxGraph g = new OnnxGraph("page-type-features").input("input", "N", 3L, 128L, 128L).output("features", "N", (long) FEATURES);
        String f = features(g, "input");
        g.node("Identity", "features", List.of(f));
        return g.toBytes("iiif-ml-suite page-type trainer");
    }

    static byte[] model(float[] mean, float[] std, float[] w1, float[] b1, float[] w2, float[] b2) {
        OnnxGraph g = new OnnxGraph("page-type").input("input", "N", 3L, 128L, 128L).output("logits", "N", (long) LABELS.size());
        String f = features(g, "input");
        g.initializer("feature_mean", new long[] {FEATURES}, mean);
        g.initializer("feature_std", new long[] {FEATURES}, std);
        g.initializer("w1", new long[] {HIDDEN, FEATURES}, w1).initializer("b1", new long[] {HIDDEN}, b1);
        g.initializer("w2", new long[] {LABELS.size(), HIDDEN}, w2).initializer("b2", new long[] {LABELS.size()}, b2);
        String z = g.node("Div", null, List.of(g.node("Sub", null, List.of(f, "feature_mean")), "feature_std"));
        String h = g.node("Relu", null, List.of(g.node("Gemm", null, List.of(z, "w1", "b1"), Attribute.of("transB", 1L))));
        g.node("Gemm", "logits", List.of(h, "w2", "b2"), Attribute.of("transB", 1L));
        return g.toBytes("iiif-ml-suite page-type trainer");
    }

    /** Pages of every kind, {@code perClass} each, interleaved, from the seed. */
    static List<BufferedImage> pages(long seed, int perClass, List<Integer> labels) {
        PageGenerator generator = new PageGenerator(seed);
        List<BufferedImage> pages = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (Kind kind : Kind.values()) {
                pages.add(generator.page(kind));
                labels.add(kind.ordinal());
            }
        }
        return pages;
    }

    /** Runs a model over pages (preprocessed as the model will be served) and answers its outputs. */
    static float[][] run(OnnxModel model, List<BufferedImage> pages) {
        float[][] out = new float[pages.size()][];
        int batch = 32;
        for (int start = 0; start < pages.size(); start += batch) {
            int n = Math.min(batch, pages.size() - start);
            float[] data = new float[n * PREPROCESSING.tensorSize()];
            for (int i = 0; i < n; i++) {
                PREPROCESSING.apply(pages.get(start + i), data, i * PREPROCESSING.tensorSize());
            }
            List<OnnxModel.Output> outputs = model.run(data, n, IMAGE);
            for (int i = 0; i < n; i++) {
                out[start + i] = outputs.get(i).values();
            }
        }
        return out;
    }

    public static Trained train(Recipe recipe) {
        List<Integer> labels = new ArrayList<>();
        List<BufferedImage> pages = pages(recipe.trainSeed(), recipe.trainPerClass(), labels);
        float[][] x;
        try (OnnxModel extractor = OnnxModel.load(featureExtractor(), "page-type-features", RuntimeOptions.cpu(1))) {
            x = run(extractor, pages);
        }
        int n = x.length;
        float[] mean = new float[FEATURES];
        float[] std = new float[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            double s = 0;
            double s2 = 0;
            for (float[] row : x) {
                s += row[j];
                s2 += (double) row[j] * row[j];
            }
            double m = s / n;
            mean[j] = (float) m;
            std[j] = (float) Math.max(Math.sqrt(Math.max(0, s2 / n - m * m)), 1e-3);
        }
        double[][] z = new double[n][FEATURES];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                z[i][j] = ((double) x[i][j] - mean[j]) / std[j];
            }
        }
        Mlp mlp = new Mlp(recipe.trainSeed());
        mlp.fit(z, labels, recipe.epochs(), new Random(recipe.trainSeed() + 1));
        byte[] onnx = model(mean, std, mlp.w1(), mlp.b1(), mlp.w2(), mlp.b2());

        // Held out: other pages from another seed, through the served path (preprocessing and all).
        List<Integer> testLabels = new ArrayList<>();
        List<BufferedImage> test = pages(recipe.testSeed(), recipe.testPerClass(), testLabels);
        Map<String, Double> perLabel = new LinkedHashMap<>();
        double accuracy;
        try (OnnxModel served = OnnxModel.load(onnx, NAME, RuntimeOptions.cpu(1))) {
            float[][] logits = run(served, test);
            int[] right = new int[LABELS.size()];
            int[] total = new int[LABELS.size()];
            for (int i = 0; i < logits.length; i++) {
                total[testLabels.get(i)]++;
                right[testLabels.get(i)] += argmax(logits[i]) == testLabels.get(i) ? 1 : 0;
            }
            int all = 0;
            for (int k = 0; k < LABELS.size(); k++) {
                perLabel.put(LABELS.get(k), (double) right[k] / total[k]);
                all += right[k];
            }
            accuracy = (double) all / logits.length;
        }
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode provenance = json.createObjectNode();
        provenance.put("trainer", PageTypeModel.class.getName());
        provenance.put("data", "synthetic pages drawn by " + PageGenerator.class.getName() + " (no real scans)");
        provenance.put("trainSeed", recipe.trainSeed()).put("trainPagesPerLabel", recipe.trainPerClass()).put("epochs", recipe.epochs());
        provenance.put("testSeed", recipe.testSeed()).put("testPagesPerLabel", recipe.testPerClass());
        provenance.put("testAccuracy", Math.round(accuracy * 10000) / 10000.0);
        ObjectNode per = provenance.putObject("testAccuracyPerLabel");
        perLabel.forEach((k, v) -> per.put(k, Math.round(v * 10000) / 10000.0));
        ModelDescriptor descriptor = new ModelDescriptor(NAME, VERSION, "classification", "classification/imagenet", PREPROCESSING,
                LABELS, "CC0-1.0", "trained by the suite's own code on its own synthetic pages; see provenance",
                ModelStore.sha256(onnx), provenance);
        return new Trained(onnx, descriptor, accuracy, perLabel);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Trains the model and writes it as a model version folder under {@code args[0]}, e.g.
     * {@code classifier-service/src/main/resources/models}, which is where the built-in one lives.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: PageTypeModel <model directory> (docs/models.md)");
            System.exit(2);
        }
        Trained trained = train(Recipe.standard());
        Path root = Path.of(args[0]);
        Path folder = root.resolve(NAME).resolve(VERSION);
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.onnx"), trained.onnx());
        Files.writeString(folder.resolve("model.json"),
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(trained.descriptor()) + "\n");
        System.out.printf("page-type %s written to %s: held-out accuracy %.4f %s%n", VERSION, folder, trained.accuracy(),
                trained.accuracyPerLabel());
    }
}
