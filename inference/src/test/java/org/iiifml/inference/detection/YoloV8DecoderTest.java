package org.iiifml.inference.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.List;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.iiifml.inference.testing.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The detection/yolov8 contract: a model shaped as an Ultralytics export, with boxes placed by hand in its
 * output, run by ONNX Runtime; thresholds, class-wise NMS, and the way back through the letterbox (landscape
 * and portrait) and from a served IIIF size to the canvas.
 */
class YoloV8DecoderTest {

    static final List<String> LABELS = List.of("illustration", "photograph");
    static final Preprocessing LETTERBOX = new Preprocessing(Preprocessing.LETTERBOX, 640, 640, null, 1.0 / 255, null, null, "RGB", 114);

    /** Writes anchor a: centre, size (model-input pixels) and one score per class. */
    static void anchor(float[] out, int a, double cx, double cy, double w, double h, float... scores) {
        out[a] = (float) cx;
        out[8400 + a] = (float) cy;
        out[2 * 8400 + a] = (float) w;
        out[3 * 8400 + a] = (float) h;
        for (int c = 0; c < scores.length; c++) {
            out[(4 + c) * 8400 + a] = scores[c];
        }
    }

    static List<Detection> detect(float[] output, int width, int height) {
        try (OnnxModel model = OnnxModel.load(TestModels.yoloV8Constant(2, output), "yolo", RuntimeOptions.cpu(1))) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            float[] input = new float[LETTERBOX.tensorSize()];
            Preprocessing.Placement placement = LETTERBOX.apply(image, input, 0);
            OnnxModel.Output out = model.run(input, 1, new long[] {3, 640, 640}).get(0);
            assertThat(out.shape()).containsExactly(6, 8400);
            return new YoloV8Decoder(LABELS, 0.25f, 0.45, 100).decode(out.values(), out.shape(), placement, width, height);
        }
    }

    @Test
    void landscapePagesComeBackThroughTheLetterboxWithNmsClassByClass() {
        // 1000 × 500 → scale 0.64 → 640 × 320, padded 160 above. A box at (100, 50, 200 × 200) in the image is,
        // in the model input, centred at (200 · 0.64, 150 · 0.64 + 160) = (128, 256), 128 × 128.
        float[] out = new float[6 * 8400];
        anchor(out, 10, 128, 256, 128, 128, 0.9f, 0.1f);
        anchor(out, 11, 131, 259, 128, 128, 0.8f, 0.0f);  // the same illustration again: suppressed
        anchor(out, 12, 131, 259, 128, 128, 0.0f, 0.7f);  // overlapping, but a photograph: kept
        anchor(out, 13, 400, 300, 50, 50, 0.1f, 0.2f);    // below the threshold
        anchor(out, 14, 600, 300, 100, 60, 0.6f, 0.0f);   // past the right edge: clipped to the image

        List<Detection> found = detect(out, 1000, 500);

        assertThat(found).extracting(Detection::label).containsExactly("illustration", "photograph", "illustration");
        Detection first = found.get(0);
        assertThat(first.x()).isCloseTo(100, within(1e-3));
        assertThat(first.y()).isCloseTo(50, within(1e-3));
        assertThat(first.width()).isCloseTo(200, within(1e-3));
        assertThat(first.height()).isCloseTo(200, within(1e-3));
        assertThat(first.score()).isCloseTo(0.9f, within(1e-6f));
        Detection clipped = found.get(2);
        assertThat(clipped.x() + clipped.width()).isCloseTo(1000, within(1e-3)); // (650 − 0) / 0.64 = 1015.6 → 1000
        assertThat(clipped.x()).isCloseTo(550 / 0.64, within(1e-3));
    }

    @Test
    void portraitPagesArePaddedAtTheSidesAndServedSizesScaleToTheCanvas() {
        // 500 × 1000 → 320 × 640, padded 160 left. The box (50, 100, 100 × 300) is centred at
        // (100 · 0.64 + 160, 250 · 0.64) = (224, 160), 64 × 192.
        float[] out = new float[6 * 8400];
        anchor(out, 0, 224, 160, 64, 192, 0.0f, 0.95f);
        List<Detection> found = detect(out, 500, 1000);
        assertThat(found).hasSize(1);
        Detection d = found.get(0);
        assertThat(d.label()).isEqualTo("photograph");
        assertThat(d.x()).isCloseTo(50, within(1e-3));
        assertThat(d.y()).isCloseTo(100, within(1e-3));
        // The IIIF server served 500 × 1000 of a 2000 × 4000 canvas: canvas coordinates are 4 × larger.
        Detection onCanvas = d.scaled(2000 / 500.0, 4000 / 1000.0);
        assertThat(onCanvas.x()).isCloseTo(200, within(1e-2));
        assertThat(onCanvas.y()).isCloseTo(400, within(1e-2));
        assertThat(onCanvas.width()).isCloseTo(400, within(1e-2));
        assertThat(onCanvas.height()).isCloseTo(1200, within(1e-2));
    }

    @Test
    void anOutputOfTheWrongShapeIsRefused() {
        YoloV8Decoder decoder = new YoloV8Decoder(LABELS, 0.25f, 0.45, 100);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(new float[84 * 8400], new long[] {84, 8400},
                new Preprocessing.Placement(1, 1, 0, 0), 640, 640)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[6, anchors]");
    }
}
