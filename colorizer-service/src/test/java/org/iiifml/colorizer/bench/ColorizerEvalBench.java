package org.iiifml.colorizer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.iiifml.inference.color.ColourDifference;
import org.iiifml.inference.color.Lab;
import org.iiifml.colorizer.colorize.Colorizer;
import org.iiifml.colorizer.models.ColorizationContract;
import org.iiifml.colorizer.models.ColorizationTestModels;
import org.iiifml.colorizer.models.LoadedColorizer;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.iiifml.inference.store.ModelDescriptor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * ./bench.sh colorizer-eval: colour pictures turned grey (their L* kept, a* and b* zero), colourised, and
 * compared with the originals: mean CIEDE2000 per pixel, and colourfulness (Hasler–Süsstrunk) with its
 * gap to the originals'. Two baselines beside the model: the grey picture itself, and the grey picture
 * with the dataset's mean chroma. The pictures are generated here (landscapes: sky, ground, sun, houses,
 * trees; 24 of them, 320 × 240, seeded; CC0, the suite's own), since no photograph collection can be had
 * offline. The model is the one in {@code -Dbench.model=<folder with model.json and model.onnx>}, or, without
 * it, an untrained one of ECCV16's shape (random weights), which only shows that the harness runs: no
 * colourisation weights ship with the suite. Prints RESULT lines; asserts nothing.
 */
class ColorizerEvalBench {

    static final int PICTURES = 24;
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    /** A landscape: a sky fading to the horizon, ground, a sun, houses and trees, colours varied by the seed. */
    static int[] landscape(long seed) {
        Random r = new Random(seed);
        int[] px = new int[WIDTH * HEIGHT];
        int horizon = HEIGHT / 3 + r.nextInt(HEIGHT / 4);
        int skyTop = mix(0x2a5caa, 0x6a9ad8, r.nextDouble());
        int skyLow = mix(0xb8d4f0, 0xf0d8b0, r.nextDouble());
        int ground = mix(0x3c7a2a, 0x8a7a3a, r.nextDouble());
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                px[y * WIDTH + x] = y < horizon ? mix(skyTop, skyLow, (double) y / horizon)
                        : mix(ground, 0x2a4a1a, (double) (y - horizon) / (HEIGHT - horizon) * 0.6);
            }
        }
        disc(px, r.nextInt(WIDTH), r.nextInt(Math.max(1, horizon / 2)) + 10, 14 + r.nextInt(10), 0xf8e040);
        for (int k = 0; k < 2 + r.nextInt(3); k++) {
            int w = 30 + r.nextInt(40);
            int h = 25 + r.nextInt(30);
            int x0 = r.nextInt(WIDTH - w);
            int colour = new int[] {0xb03020, 0xd0c0a0, 0x405080, 0xa05a30}[r.nextInt(4)];
            rect(px, x0, horizon - h / 2, w, h, colour);
            rect(px, x0 + w / 3, horizon + h / 2 - 14, w / 4, 14, 0x3a2a1a);
        }
        for (int k = 0; k < 3 + r.nextInt(4); k++) {
            disc(px, r.nextInt(WIDTH), horizon + r.nextInt(HEIGHT - horizon), 8 + r.nextInt(14), mix(0x1f5a1f, 0x3a6a2a, r.nextDouble()));
        }
        return px;
    }

    static int mix(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
        int bl = (int) Math.round((a & 0xff) * (1 - t) + (b & 0xff) * t);
        return r << 16 | g << 8 | bl;
    }

    static void rect(int[] px, int x0, int y0, int w, int h, int colour) {
        for (int y = Math.max(0, y0); y < Math.min(HEIGHT, y0 + h); y++) {
            for (int x = Math.max(0, x0); x < Math.min(WIDTH, x0 + w); x++) {
                px[y * WIDTH + x] = colour;
            }
        }
    }

    static void disc(int[] px, int cx, int cy, int radius, int colour) {
        for (int y = Math.max(0, cy - radius); y < Math.min(HEIGHT, cy + radius); y++) {
            for (int x = Math.max(0, cx - radius); x < Math.min(WIDTH, cx + radius); x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
                    px[y * WIDTH + x] = colour;
                }
            }
        }
    }

    /** The picture with its own lightness and the given chroma everywhere. */
    static int[] withChroma(int[] px, float a, float b) {
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = Lab.rgb(Lab.lightness(px[i]), a, b);
        }
        return out;
    }

    @Test
    void colorizerQuality() throws Exception {
        List<int[]> truth = new ArrayList<>();
        double sumA = 0;
        double sumB = 0;
        long n = 0;
        for (int k = 0; k < PICTURES; k++) {
            int[] px = landscape(1000 + k);
            truth.add(px);
            for (int i = 0; i < px.length; i += 7) {
                double[] lab = Lab.of(px[i]);
                sumA += lab[1];
                sumB += lab[2];
                n++;
            }
        }
        float meanA = (float) (sumA / n);
        float meanB = (float) (sumB / n);
        String modelName;
        try (LoadedColorizer model = model()) {
            modelName = model.descriptor().key();
            double[] truthC = new double[1];
            double[][] grey = new double[2][1];
            double[][] mean = new double[2][1];
            double[][] coloured = new double[2][1];
            for (int[] px : truth) {
                int[] g = withChroma(px, 0, 0);
                int[] m = withChroma(px, meanA, meanB);
                int[] c = Colorizer.colorize(g, WIDTH, HEIGHT, model, null);
                truthC[0] += ColourDifference.colourfulness(px);
                grey[0][0] += ColourDifference.meanCiede2000(px, g, 3);
                grey[1][0] += ColourDifference.colourfulness(g);
                mean[0][0] += ColourDifference.meanCiede2000(px, m, 3);
                mean[1][0] += ColourDifference.colourfulness(m);
                coloured[0][0] += ColourDifference.meanCiede2000(px, c, 3);
                coloured[1][0] += ColourDifference.colourfulness(c);
            }
            System.out.println("colorizer-eval: model " + modelName + (System.getProperty("bench.model") == null
                    ? " (untrained, random weights: pass -Dbench.model=<folder> to evaluate a real one)" : ""));
            result("colorizer-eval.pictures", PICTURES, "pictures");
            result("colorizer-eval.truth.colourfulness", truthC[0] / PICTURES, "M");
            result("colorizer-eval.grey.delta_e00", grey[0][0] / PICTURES, "dE00");
            result("colorizer-eval.grey.colourfulness", grey[1][0] / PICTURES, "M");
            result("colorizer-eval.mean_chroma.delta_e00", mean[0][0] / PICTURES, "dE00");
            result("colorizer-eval.mean_chroma.colourfulness", mean[1][0] / PICTURES, "M");
            result("colorizer-eval.model.delta_e00", coloured[0][0] / PICTURES, "dE00");
            result("colorizer-eval.model.colourfulness", coloured[1][0] / PICTURES, "M");
            result("colorizer-eval.model.colourfulness_gap", (coloured[1][0] - truthC[0]) / PICTURES, "M");
        }
    }

    private static LoadedColorizer model() throws Exception {
        String folder = System.getProperty("bench.model");
        if (folder != null) {
            Path dir = Path.of(folder);
            ModelDescriptor d = JsonMapper.builder().build().readValue(dir.resolve("model.json").toFile(), ModelDescriptor.class);
            return new LoadedColorizer(d, OnnxModel.loadWithExtraInputs(dir.resolve("model.onnx"), RuntimeOptions.cpu(2)),
                    ColorizationContract.of(d));
        }
        byte[] onnx = ColorizerBench.eccv16Shaped(11, 4);
        ModelDescriptor d = ColorizationTestModels.descriptor("untrained-eccv16-shaped", ColorizationContract.LAB, 256, onnx, null);
        return ColorizationTestModels.load(d, onnx, Files.createTempDirectory("colorizer-eval"));
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.2f %s", name, value, unit));
    }
}
