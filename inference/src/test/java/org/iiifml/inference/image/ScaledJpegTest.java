package org.iiifml.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JPEGs decoded at 1/2, 1/4, 1/8 by libjpeg-turbo where a model keeps less: the size, the pixels against
 * a full decode averaged down, grey, orientation, and what stays with ImageIO (CMYK, other formats, no
 * room to reduce). The native library is part of the build for Linux, so these run wherever CI does.
 */
class ScaledJpegTest {

    final ImageDecoder decoder = new ImageDecoder(100_000_000);

    @BeforeAll
    static void nativeDecoderLoads() {
        assertThat(ScaledJpeg.available()).as("Leptonica's libjpeg-turbo loads on this platform").isTrue();
    }

    /** Smooth colour with detail on every scale: what a photograph of a postcard is like. */
    static BufferedImage photo(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 97.0));
                int g = (int) (128 + 100 * Math.cos(y / 61.0));
                int b = (int) (128 + 60 * Math.sin((x + y) / 13.0));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    /** Each f × f block's mean: what a scaled decode should come close to. */
    static int[] averaged(BufferedImage image, int f) {
        int w = (image.getWidth() + f - 1) / f;
        int h = (image.getHeight() + f - 1) / f;
        int[] out = new int[w * h];
        for (int by = 0; by < h; by++) {
            for (int bx = 0; bx < w; bx++) {
                long r = 0;
                long g = 0;
                long b = 0;
                int n = 0;
                for (int y = by * f; y < Math.min(image.getHeight(), by * f + f); y++) {
                    for (int x = bx * f; x < Math.min(image.getWidth(), bx * f + f); x++) {
                        int p = image.getRGB(x, y);
                        r += p >> 16 & 0xff;
                        g += p >> 8 & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                out[by * w + bx] = (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
            }
        }
        return out;
    }

    static double meanAbsoluteDifference(int[] a, BufferedImage b) {
        int[] pixels = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        assertThat(pixels).hasSameSizeAs(a);
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs((a[i] >> shift & 0xff) - (pixels[i] >> shift & 0xff));
            }
        }
        return sum / (3.0 * a.length);
    }

    @Test
    void aJpegLargerThanTheModelKeepsIsDecodedAtTheLargestScaleThatStillHoldsIt() throws IOException {
        byte[] jpeg = ImageDecoderTest.encode(photo(2000, 1500), "jpeg");
        BufferedImage full = decoder.decode(jpeg);
        // ImageNet's Resize(256): 1500 / 256 allows 5, so 1/4: 500 × 375.
        ImageDecoder.Decoded reduced = decoder.decodeReduced(jpeg, Preprocessing.imagenet()::maxDecodeReduction);
        assertThat(reduced.width()).as("the full size, for mapping results back").isEqualTo(2000);
        assertThat(reduced.height()).isEqualTo(1500);
        assertThat(reduced.image().getWidth()).isEqualTo(500);
        assertThat(reduced.image().getHeight()).isEqualTo(375);
        assertThat(reduced.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(meanAbsoluteDifference(averaged(full, 4), reduced.image()))
                .as("the scaled decode against the full decode averaged in 4 × 4 blocks").isLessThan(2.5);
        for (int f : new int[] {2, 8}) {
            ImageDecoder.Decoded scaled = decoder.decodeReduced(jpeg, (w, h) -> f);
            assertThat(scaled.image().getWidth()).isEqualTo((2000 + f - 1) / f);
            assertThat(meanAbsoluteDifference(averaged(full, f), scaled.image())).as("1/%d", f).isLessThan(3.0);
        }
        assertThat(decoder.decodeReduced(jpeg, (w, h) -> 3).image().getWidth()).as("3 allows 1/2 of libjpeg's scales").isEqualTo(1000);
        ImageDecoder.Decoded longSide = decoder.decode(jpeg, 400);
        assertThat(longSide.image().getWidth()).as("a long side of at least 400 asked: 1/4 in the DCT, not every 5th pixel")
                .isEqualTo(500);
        assertThat(meanAbsoluteDifference(averaged(full, 4), longSide.image())).isLessThan(2.5);
    }

    @Test
    void whatCannotBeReducedIsDecodedAtFullSize() throws IOException {
        byte[] small = ImageDecoderTest.encode(photo(640, 480), "jpeg");
        assertThat(decoder.decodeReduced(small, Preprocessing.imagenet()::maxDecodeReduction).image().getWidth())
                .as("480 / 256 allows no reduction").isEqualTo(640);
        byte[] png = ImageDecoderTest.encode(photo(2000, 1500), "png");
        assertThat(decoder.decodeReduced(png, (w, h) -> 8).image().getWidth()).as("not a JPEG").isEqualTo(2000);
        BufferedImage cmyk = decoder.decodeReduced(resource("cmyk-red.jpg"), (w, h) -> 8).image();
        assertThat(cmyk.getWidth()).as("CMYK stays with ImageIO").isEqualTo(40);
        Preprocessing off = new Preprocessing(Preprocessing.SHORT_SIDE_CROP, 224, 224, 256, 1.0 / 255, null, null, "RGB", null, false);
        assertThat(decoder.decodeReduced(ImageDecoderTest.encode(photo(2000, 1500), "jpeg"), off::maxDecodeReduction).image().getWidth())
                .as("scaledDecoding false in model.json").isEqualTo(2000);
    }

    @Test
    void greyProgressiveAndTurnedJpegsKeepTheirPixelsAndOrientation() throws IOException {
        BufferedImage grey = new BufferedImage(800, 600, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 255);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                grey.getRaster().setSample(x, y, 0, x < 400 ? 40 : 220);
            }
        }
        BufferedImage scaled = decoder.decodeReduced(ImageDecoderTest.encode(grey, "jpeg"), (w, h) -> 4).image();
        assertThat(scaled.getWidth()).isEqualTo(200);
        assertThat(scaled.getRGB(20, 75) & 0xffffff).as("grey stays grey: r = g = b").satisfies(p -> {
            assertThat(p >> 16 & 0xff).isEqualTo(p & 0xff).isEqualTo(p >> 8 & 0xff).isBetween(35, 45);
        });
        assertThat(scaled.getRGB(180, 75) >> 8 & 0xff).isBetween(215, 225);

        BufferedImage progressive = decoder.decodeReduced(resource("progressive-green.jpg"), (w, h) -> 2).image();
        assertThat(progressive.getWidth()).isEqualTo(32);
        int p = progressive.getRGB(16, 12);
        assertThat(new int[] {p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff}).satisfies(c -> {
            assertThat(c[0]).isBetween(24, 36);
            assertThat(c[1]).isBetween(154, 166);
            assertThat(c[2]).isBetween(54, 66);
        });

        BufferedImage marked = photo(1600, 800);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                marked.setRGB(x, y, 0xff0000);
            }
        }
        // Orientation 6: upright it is 800 × 1600, and the corner ends top right; the reduction is asked of
        // the upright size.
        int[] asked = new int[2];
        ImageDecoder.Decoded turned = decoder.decodeReduced(TestImages.withExifOrientation(ImageDecoderTest.encode(marked, "jpeg"), 6),
                (w, h) -> {
                    asked[0] = w;
                    asked[1] = h;
                    return 4;
                });
        assertThat(asked).containsExactly(800, 1600);
        assertThat(turned.width()).isEqualTo(800);
        assertThat(turned.image().getWidth()).isEqualTo(200);
        assertThat(turned.image().getHeight()).isEqualTo(400);
        assertThat(turned.image().getRGB(195, 5) >> 16 & 0xff).isGreaterThan(200);
    }

    @Test
    void theLimitsHoldAsForAFullDecode() throws IOException {
        byte[] jpeg = ImageDecoderTest.encode(photo(2000, 1500), "jpeg");
        assertThatThrownBy(() -> new ImageDecoder(1_000_000).decodeReduced(jpeg, (w, h) -> 8))
                .isInstanceOf(ImageDecodeException.class).satisfies(e -> assertThat(((ImageDecodeException) e).kind())
                        .isEqualTo(ImageDecodeException.Kind.TOO_LARGE));
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> decoder.decodeReduced(cut, (w, h) -> 8)).isInstanceOf(ImageDecodeException.class)
                .satisfies(e -> assertThat(((ImageDecodeException) e).kind()).isEqualTo(ImageDecodeException.Kind.CORRUPT));
        byte[] garbled = jpeg.clone();
        // Scan data overwritten, markers kept: libjpeg gives up or warns; never a crash, and the size is right.
        int scan = indexOf(garbled, (byte) 0xff, (byte) 0xda);
        Arrays.fill(garbled, scan + 200, garbled.length - 2, (byte) 0xff);
        try {
            assertThat(decoder.decodeReduced(garbled, (w, h) -> 4).image().getWidth()).isEqualTo(500);
        } catch (ImageDecodeException e) {
            assertThat(e.kind()).isEqualTo(ImageDecodeException.Kind.CORRUPT);
        }
        long[] held = new long[1];
        ImageDecoder budgeted = new ImageDecoder(100_000_000, Long.MAX_VALUE, bytes -> {
            held[0] = bytes;
            return () -> { };
        });
        budgeted.decodeReduced(jpeg, (w, h) -> 4);
        assertThat(held[0]).as("the scaled image's native and Java bytes").isEqualTo(500L * 375 * 8);
    }

    @Test
    void theFrameHeaderIsReadFromTheMarkers() throws IOException {
        ScaledJpeg.Frame frame = ScaledJpeg.frame(ImageDecoderTest.encode(photo(321, 123), "jpeg"));
        assertThat(frame).isEqualTo(new ScaledJpeg.Frame(8, 321, 123, 3));
        assertThat(ScaledJpeg.frame(resource("cmyk-red.jpg")).components()).isEqualTo(4);
        assertThat(ScaledJpeg.frame(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3})).isNull();
    }

    private static int indexOf(byte[] bytes, byte a, byte b) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == a && bytes[i + 1] == b) {
                return i;
            }
        }
        throw new AssertionError("no marker");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ScaledJpegTest.class.getResourceAsStream("/images/" + name)) {
            return in.readAllBytes();
        }
    }
}
