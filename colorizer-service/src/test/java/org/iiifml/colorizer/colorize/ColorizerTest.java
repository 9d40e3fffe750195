package org.iiifml.colorizer.colorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.iiifml.inference.color.Lab;
import org.iiifml.colorizer.models.ColorizationContract;
import org.iiifml.colorizer.models.ColorizationTestModels;
import org.iiifml.colorizer.models.LoadedColorizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each contract end to end with a generated ONNX model of known weights (ColorizationTestModels), through
 * ONNX Runtime, against pixels worked out by hand.
 */
public class ColorizerTest {

    /** sRGB red's published Lab (53.24, 80.09, 67.20); grey 127 has L* 53.19, close enough to be red again. */
    public static final float RED_A = 80.09f;
    public static final float RED_B = 67.20f;
    static final int GREY = 0x7f7f7f;

    @TempDir
    Path store;

    private static int[] filled(int n, int rgb) {
        int[] px = new int[n];
        Arrays.fill(px, rgb);
        return px;
    }

    private static void near(int actual, int expected, int tolerance) {
        for (int shift : new int[] {16, 8, 0}) {
            assertThat(Math.abs(((actual >> shift) & 0xff) - ((expected >> shift) & 0xff)))
                    .as("%06x against %06x", actual & 0xffffff, expected).isLessThanOrEqualTo(tolerance);
        }
    }

    private LoadedColorizer lab(String name, byte[] onnx, String parameters) {
        return ColorizationTestModels.load(ColorizationTestModels.descriptor(name, ColorizationContract.LAB, 256, onnx, parameters), onnx,
                store);
    }

    /**
     * ECCV16's shape: ab regressed at 64 × 64 (normalised, times abScale 110). A model answering red's ab
     * everywhere turns a grey page red, at the page's own 300 × 200 pixels.
     */
    @Test
    void regressedAbIsUpsampledAndLaidOnTheOriginalLightness() {
        byte[] onnx = ColorizationTestModels.labAb(256, 64, 0, RED_A / 110, 0, RED_B / 110, false);
        try (LoadedColorizer model = lab("eccv16-like", onnx, null)) {
            int[] out = Colorizer.colorize(filled(300 * 200, GREY), 300, 200, model, null);
            assertThat(out).hasSize(300 * 200);
            near(out[0], 0xff0000, 2);
            near(out[300 * 200 - 1], 0xff0000, 2);
            near(out[150 * 300 + 77], 0xff0000, 2);
        }
    }

    /**
     * The input is (L − lCenter) / lScale: with a = 1 × x, grey 127 (L* 53.19) gives a = 110 × 0.0319 =
     * 3.51 and white (L* 100) a = 55. The same model exported with the normalisation inside (raw L in,
     * raw ab out: lCenter 0, lScale 1, abScale 1, a = 1.1 L − 55) gives the same pixels.
     */
    @Test
    void theInputIsNormalisedAndTheOutputScaledAsModelJsonSays() {
        int[] page = {GREY, 0xffffff};
        byte[] normalised = ColorizationTestModels.labAb(256, 256, 1, 0, 0, 0, false);
        byte[] raw = ColorizationTestModels.labAb(256, 256, 1.1f, -55, 0, 0, false);
        try (LoadedColorizer a = lab("normalised", normalised, null);
                LoadedColorizer b = lab("raw", raw, "{\"lCenter\": 0, \"lScale\": 1, \"abScale\": 1}")) {
            int[] one = Colorizer.colorize(page, 2, 1, a, null);
            int[] two = Colorizer.colorize(page, 2, 1, b, null);
            near(one[0], Lab.rgb(53.19f, 3.51f, 0), 1);
            near(one[1], Lab.rgb(100f, 55f, 0), 1);
            near(two[0], one[0], 1);
            near(two[1], one[1], 1);
        }
    }

    /**
     * The Caffe/OpenVINO shape: 313 bin scores at 56 × 56. One bin far ahead of the rest, at (80, 60),
     * decodes to its own ab; two bins level, (80, 60) and (60, 60), to their mean (70, 60).
     */
    @Test
    void binScoresAreDecodedWithTheGamutPoints() {
        int red = ColorizationTestModels.bin(80, 60);
        int orange = ColorizationTestModels.bin(60, 60);
        byte[] one = ColorizationTestModels.labBins(224, 56, ColorizationTestModels.scores(10, red));
        byte[] two = ColorizationTestModels.labBins(224, 56, ColorizationTestModels.scores(10, red, orange));
        try (LoadedColorizer a = ColorizationTestModels.load(ColorizationTestModels.descriptor("caffe-like", ColorizationContract.LAB, 224, one,
                        "{\"output\": \"ab-bins\"}"), one, store);
                LoadedColorizer b = ColorizationTestModels.load(ColorizationTestModels.descriptor("caffe-like-two", ColorizationContract.LAB, 224,
                        two, "{\"output\": \"ab-bins\"}"), two, store)) {
            float l = Lab.lightness(GREY);
            near(Colorizer.colorize(filled(64, GREY), 8, 8, a, null)[9], Lab.rgb(l, 80, 60), 1);
            near(Colorizer.colorize(filled(64, GREY), 8, 8, b, null)[9], Lab.rgb(l, 70, 60), 1);
        }
    }

    /** SIGGRAPH17's ab hints and mask, declared by the model, are fed zeros: the answer is the plain one's. */
    @Test
    void extraInputsAreFedZeros() {
        byte[] onnx = ColorizationTestModels.labAb(256, 256, 0, RED_A / 110, 0, RED_B / 110, true);
        try (LoadedColorizer model = lab("siggraph17-like", onnx, null)) {
            assertThat(model.model().extraInputs()).containsOnlyKeys("input_ab", "mask");
            near(Colorizer.colorize(filled(16, GREY), 4, 4, model, null)[5], 0xff0000, 2);
        }
    }

    /**
     * DeOldify's shape: the model answers RGB at renderFactor × 16; only its chroma is kept. A model that
     * answers pure red turns grey 127 red; one that answers grey leaves a sepia postcard neutral grey of the
     * postcard's own lightness.
     */
    @Test
    void rgbOutputGivesOnlyItsChroma() {
        byte[] red = ColorizationTestModels.rgbConstant(1, 0, 0);
        byte[] grey = ColorizationTestModels.rgbConstant(0.5f, 0.5f, 0.5f);
        try (LoadedColorizer r = ColorizationTestModels.load(ColorizationTestModels.descriptor("deoldify-red", ColorizationContract.RGB, 560,
                        red, null), red, store);
                LoadedColorizer g = ColorizationTestModels.load(ColorizationTestModels.descriptor("deoldify-grey", ColorizationContract.RGB, 560,
                        grey, null), grey, store)) {
            near(Colorizer.colorize(filled(30 * 20, GREY), 30, 20, r, 4)[31], 0xff0000, 2);
            int sepia = 0xc89664;
            int out = Colorizer.colorize(filled(30 * 20, sepia), 30, 20, g, 6)[100];
            double[] lab = Lab.of(out);
            assertThat(Math.abs(lab[1])).as("a*").isLessThan(1);
            assertThat(Math.abs(lab[2])).as("b*").isLessThan(1);
            assertThat(Math.abs(lab[0] - Lab.of(sepia)[0])).as("L* kept").isLessThan(0.5);
            assertThatThrownBy(() -> Colorizer.colorize(filled(4, GREY), 2, 2, r, 3)).hasMessageContaining("between 4 and 64");
        }
    }

    /** A model that does not fit its contract is refused when it is loaded, with what it takes and answers. */
    @Test
    void aModelOutsideItsContractIsRefused() {
        byte[] rgb = ColorizationTestModels.rgbConstant(1, 0, 0);
        assertThatThrownBy(() -> ColorizationTestModels.load(ColorizationTestModels.descriptor("wrong", ColorizationContract.LAB, 256, rgb, null),
                rgb, store)).hasMessageContaining("takes the L channel");
        byte[] ab = ColorizationTestModels.labAb(256, 64, 0, 0, 0, 0, false);
        assertThatThrownBy(() -> ColorizationTestModels.load(ColorizationTestModels.descriptor("bins", ColorizationContract.LAB, 256, ab,
                "{\"output\": \"ab-bins\"}"), ab, store)).hasMessageContaining("ab-bins is [313, h, w]");
        assertThatThrownBy(() -> ColorizationTestModels.load(ColorizationTestModels.descriptor("odd", ColorizationContract.LAB, 256, ab,
                "{\"output\": \"hsv\"}"), ab, store)).hasMessageContaining("ab or ab-bins");
    }
}
