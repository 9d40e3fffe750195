package org.iiifml.inference.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resizing, cropping, letterboxing and normalisation against values worked out by hand. */
class PreprocessingTest {

    static BufferedImage filled(int w, int h, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    @Test
    void imagenetNormalisesEachChannelWithItsMeanAndStd() {
        float[] t = Preprocessing.imagenet().apply(filled(256, 256, 0xFF0080));
        int plane = 224 * 224;
        assertThat(t).hasSize(3 * plane);
        // (255/255 − 0.485) / 0.229, (0 − 0.456) / 0.224, (128/255 − 0.406) / 0.225
        assertThat(t[0]).isCloseTo(2.2489083f, within(1e-5f));
        assertThat(t[plane]).isCloseTo(-2.0357143f, within(1e-5f));
        assertThat(t[2 * plane]).isCloseTo(0.4264924f, within(1e-5f));
        assertThat(t[plane - 1]).isEqualTo(t[0]);
    }

    @Test
    void theCentreCropStartsWhereTorchvisionsDoes() {
        // 256 × 300: already 256 on the short side, so no resampling; the crop starts at (16, 38).
        BufferedImage image = filled(256, 300, 0x000000);
        image.setRGB(16, 38, 0xFFFFFF);
        image.setRGB(16 + 223, 38 + 223, 0x0000FF);
        Preprocessing p = new Preprocessing(Preprocessing.SHORT_SIDE_CROP, 224, 224, 256, 1.0 / 255, null, null, "RGB", null);
        float[] t = p.apply(image);
        int plane = 224 * 224;
        assertThat(t[0]).isEqualTo(1f);
        assertThat(t[plane - 1]).isEqualTo(0f);
        assertThat(t[3 * plane - 1]).isEqualTo(1f);
        // (257 − 224) / 2 = 16.5 rounds half to even, to 16, as Python's round does.
        BufferedImage odd = filled(256, 257, 0);
        odd.setRGB(16, 16, 0xFFFFFF);
        assertThat(p.apply(odd)[0]).isEqualTo(1f);
    }

    @Test
    void downscalingAveragesWithAWidenedTriangleFilterAsPillowDoes() {
        // One row 0, 70, 140, 210 to two pixels: (3·0 + 3·70 + 140) / 7 = 50 and (70 + 3·140 + 3·210) / 7 = 160.
        int[] row = {0x000000, 0x464646, 0x8C8C8C, 0xD2D2D2};
        int[] out = Resampler.resize(row, 4, 1, 2, 1);
        assertThat(out[0] & 0xff).isEqualTo(50);
        assertThat(out[1] & 0xff).isEqualTo(160);
        // Same size: unchanged.
        assertThat(Resampler.resize(row, 4, 1, 4, 1)).containsExactly(row);
    }

    @Test
    void aWindowOfAResizeIsThoseSamePixels() {
        java.util.Random random = new java.util.Random(3);
        int[] rgb = new int[97 * 61];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt(1 << 24);
        }
        int[] whole = Resampler.resize(rgb, 97, 61, 40, 25);
        int[] window = Resampler.resize(rgb, 97, 61, 40, 25, 7, 3, 20, 17);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 20; x++) {
                assertThat(window[y * 20 + x]).as("(%d, %d)", x, y).isEqualTo(whole[(y + 3) * 40 + x + 7]);
            }
        }
    }

    @Test
    void aLongSideIsResizedInProportionAndTruncated() {
        // 512 × 1000 → short side 256 → 256 × int(256 · 1000 / 512) = 256 × 500, then the centre 224 × 224.
        BufferedImage tall = filled(512, 1000, 0x202020);
        for (int x = 0; x < 512; x++) {
            tall.setRGB(x, 499, 0xFFFFFF); // the middle row pair stays bright after halving
            tall.setRGB(x, 500, 0xFFFFFF);
        }
        Preprocessing p = new Preprocessing(Preprocessing.SHORT_SIDE_CROP, 224, 224, 256, 1.0 / 255, null, null, "RGB", null);
        float[] t = p.apply(tall);
        // Resized row 249.5 ↔ 250 is the bright one; the crop starts at row (500 − 224) / 2 = 138, so row 112.
        assertThat(t[112 * 224 + 100]).isGreaterThan(0.5f);
        assertThat(t[10 * 224 + 100]).isCloseTo(32 / 255f, within(1e-6f));
    }

    @Test
    void letterboxFitsInsideAndPadsEvenly() {
        Preprocessing p = new Preprocessing(Preprocessing.LETTERBOX, 64, 64, null, 1.0 / 255, null, null, "RGB", 114);
        float[] out = new float[p.tensorSize()];
        Preprocessing.Placement placement = p.apply(filled(100, 50, 0xFFFFFF), out, 0);
        // Scale 0.64: 64 × 32, padded 16 rows above and below.
        assertThat(placement).isEqualTo(new Preprocessing.Placement(0.64, 0.64, 0, 16));
        assertThat(out[15 * 64]).isCloseTo(114 / 255f, within(1e-6f));
        assertThat(out[16 * 64]).isEqualTo(1f);
        assertThat(out[47 * 64 + 63]).isEqualTo(1f);
        assertThat(out[48 * 64]).isCloseTo(114 / 255f, within(1e-6f));
    }

    @Test
    void bgrModelsGetTheirChannelsSwapped() {
        Preprocessing p = new Preprocessing(Preprocessing.STRETCH, 2, 2, null, 1, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), "BGR", null);
        float[] t = p.apply(filled(4, 4, 0x0A141E)); // r 10, g 20, b 30
        assertThat(t[0]).isEqualTo(30f);
        assertThat(t[4]).isEqualTo(20f);
        assertThat(t[8]).isEqualTo(10f);
    }

    @Test
    void aDecodeMayBeReducedOnlyAsFarAsTheResizeStillShrinks() {
        Preprocessing imagenet = Preprocessing.imagenet();
        assertThat(imagenet.maxDecodeReduction(2000, 3000)).as("short side 2000 / 256").isEqualTo(7);
        assertThat(imagenet.maxDecodeReduction(640, 480)).isEqualTo(1);
        assertThat(imagenet.maxDecodeReduction(100, 100)).as("never below 1").isEqualTo(1);
        Preprocessing letterbox = new Preprocessing(Preprocessing.LETTERBOX, 640, 640, null, 1.0 / 255, null, null, "RGB", 114);
        assertThat(letterbox.maxDecodeReduction(4000, 1000)).as("fit by the long side: 4000 / 640").isEqualTo(6);
        Preprocessing stretch = new Preprocessing(Preprocessing.STRETCH, 256, 256, null, 1.0, null, null, "RGB", null);
        assertThat(stretch.maxDecodeReduction(4000, 1000)).as("both sides at least 256: 1000 / 256").isEqualTo(3);
        Preprocessing off = new Preprocessing(Preprocessing.STRETCH, 256, 256, null, 1.0, null, null, "RGB", null, false);
        assertThat(off.maxDecodeReduction(4000, 4000)).isEqualTo(1);
    }
}
