package org.iiifml.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.iiifml.inference.testing.TestImages;
import org.junit.jupiter.api.Test;

/** Decoding within limits, the bad inputs, and EXIF orientation. */
class ImageDecoderTest {

    final ImageDecoder decoder = new ImageDecoder(100_000_000);

    static BufferedImage marked(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, 0xFF0000); // a red top-left corner, to see where it ends up
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as(format + " writer").isTrue();
        return out.toByteArray();
    }

    @Test
    void decodesPngJpegAndTiff() throws IOException {
        for (String format : new String[] {"png", "jpeg", "tiff"}) {
            BufferedImage image = decoder.decode(encode(marked(40, 30), format));
            assertThat(image.getWidth()).as(format).isEqualTo(40);
            assertThat(image.getHeight()).as(format).isEqualTo(30);
            assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        }
    }

    @Test
    void aLargeImageIsDecodedAtTheResolutionAskedForAndSaysItsFullSize() throws IOException {
        BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        big.setRGB(3999, 2999, 0xffffff);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(big, "png", png);
        ImageDecoder.Decoded reduced = decoder.decode(png.toByteArray(), 1000);
        assertThat(reduced.width()).isEqualTo(4000);
        assertThat(reduced.height()).isEqualTo(3000);
        assertThat(reduced.image().getWidth()).as("every 4th pixel").isEqualTo(1000);
        assertThat(reduced.image().getHeight()).isEqualTo(750);
        ImageDecoder.Decoded full = decoder.decode(png.toByteArray(), 0);
        assertThat(full.image().getWidth()).isEqualTo(4000);
        assertThat(decoder.decode(png.toByteArray(), 3000).image().getWidth()).as("never below the size asked").isEqualTo(4000);
    }

    @Test
    void cmykAndProgressiveJpegsDecodeToTheirColours() throws IOException {
        BufferedImage cmyk = decoder.decode(resource("cmyk-red.jpg"));
        assertThat(cmyk.getWidth()).isEqualTo(40);
        assertColour(cmyk.getRGB(20, 15), 200, 30, 40, 25);
        BufferedImage progressive = decoder.decode(resource("progressive-green.jpg"));
        assertThat(progressive.getWidth()).isEqualTo(64);
        assertColour(progressive.getRGB(32, 24), 30, 160, 60, 6);
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = ImageDecoderTest.class.getResourceAsStream("/images/" + name)) {
            return in.readAllBytes();
        }
    }

    private static void assertColour(int rgb, int r, int g, int b, int tolerance) {
        assertThat((rgb >> 16) & 0xff).as("red").isCloseTo(r, org.assertj.core.api.Assertions.within(tolerance));
        assertThat((rgb >> 8) & 0xff).as("green").isCloseTo(g, org.assertj.core.api.Assertions.within(tolerance));
        assertThat(rgb & 0xff).as("blue").isCloseTo(b, org.assertj.core.api.Assertions.within(tolerance));
    }

    @Test
    void greyAndTransparentImagesBecomeRgbOverWhite() throws IOException {
        BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB); // all transparent
        assertThat(decoder.decode(encode(argb, "png")).getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 200);
        assertThat(decoder.decode(encode(grey, "png")).getRGB(0, 0) & 0xFF).isEqualTo(200);
    }

    @Test
    void badInputsSayWhatIsWrong() throws IOException {
        assertKind(new byte[0], ImageDecodeException.Kind.EMPTY);
        assertKind("hello, not an image".getBytes(), ImageDecodeException.Kind.UNSUPPORTED);
        assertKind(encode(marked(8, 8), "gif"), ImageDecodeException.Kind.UNSUPPORTED);
        byte[] jpeg = encode(marked(64, 64), "jpeg");
        assertKind(Arrays.copyOf(jpeg, jpeg.length * 6 / 10), ImageDecodeException.Kind.CORRUPT);
        byte[] png = encode(marked(64, 64), "png");
        byte[] broken = png.clone();
        Arrays.fill(broken, 60, broken.length, (byte) 0x5A);
        assertKind(broken, ImageDecodeException.Kind.CORRUPT);
    }

    /**
     * The E2 bomb: 10000 × 10000 pixels pass a 100 MP cap, but 16-bit RGBA decodes to 800 MB (and the RGB
     * copy 400 MB more): refused from the header by the raster cap; 8-bit RGB of the same size fits it.
     */
    @Test
    void aDeepRasterIsRefusedByItsBytesBeforeAnyPixelIsDecoded() {
        ImageDecoder capped = new ImageDecoder(100_000_000, 1L << 30, ImageDecoder.Budget.NONE);
        assertThatThrownBy(() -> capped.decode(pngHeader(10_000, 10_000, 16, 6)))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("1144 MB").hasMessageContaining("at most 1024 MB")
                .satisfies(e -> assertThat(((ImageDecodeException) e).kind()).isEqualTo(ImageDecodeException.Kind.TOO_LARGE));
        // 8-bit RGB: 700 MB, within the cap; the header-only file then fails as what it is, corrupt.
        assertThatThrownBy(() -> capped.decode(pngHeader(10_000, 10_000, 8, 2)))
                .satisfies(e -> assertThat(((ImageDecodeException) e).kind()).isEqualTo(ImageDecodeException.Kind.CORRUPT));
        // Decoded subsampled for a consumer that needs 1024 px, the deep raster is small enough.
        assertThatThrownBy(() -> capped.decode(pngHeader(10_000, 10_000, 16, 6), 1024))
                .satisfies(e -> assertThat(((ImageDecodeException) e).kind()).isEqualTo(ImageDecodeException.Kind.CORRUPT));
    }

    /** A decode holds its raster's memory from the budget while it runs (8-bit RGB: 3 bytes + 4 for the copy), then gives it back. */
    @Test
    void aDecodeHoldsItsRasterBytesFromTheBudgetWhileItRuns() throws IOException {
        java.util.List<Long> held = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
        ImageDecoder budgeted = new ImageDecoder(100_000_000, 1L << 30, bytes -> {
            held.add(bytes);
            open.incrementAndGet();
            return open::decrementAndGet;
        });
        BufferedImage image = budgeted.decode(encode(marked(100, 50), "png"));
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(held).containsExactly(100L * 50 * (3 + 4));
        assertThat(open).hasValue(0);
        // Subsampled to at least 25 px on the long side: every fourth pixel, 25 × 13 decoded.
        budgeted.decode(encode(marked(100, 50), "png"), 25);
        assertThat(held).last().isEqualTo(25L * 13 * (3 + 4));
        assertThat(open).hasValue(0);
    }

    @Test
    void aHugeHeaderIsRefusedBeforeAnyPixelIsDecoded() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> decoder.decode(pngHeader(100_000, 100_000)))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("100000 × 100000")
                .satisfies(e -> assertThat(((ImageDecodeException) e).kind()).isEqualTo(ImageDecodeException.Kind.TOO_LARGE));
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(1000);
        assertThat(new ImageDecoder(100).decode(pngHeaderWithPixels())).isNotNull();
    }

    @Test
    void exifOrientationTurnsTheImageUpright() throws IOException {
        byte[] jpeg = encode(marked(40, 20), "jpeg");
        // Orientation 6: stored as the sensor saw it, to be turned 90° clockwise: 20 × 40, the corner top right.
        BufferedImage six = decoder.decode(TestImages.withExifOrientation(jpeg, 6));
        assertThat(six.getWidth()).isEqualTo(20);
        assertThat(six.getHeight()).isEqualTo(40);
        assertThat(red(six.getRGB(19, 0))).isGreaterThan(150);
        BufferedImage three = decoder.decode(TestImages.withExifOrientation(jpeg, 3));
        assertThat(red(three.getRGB(39, 19))).isGreaterThan(150);
        BufferedImage eight = decoder.decode(TestImages.withExifOrientation(jpeg, 8));
        assertThat(red(eight.getRGB(0, 39))).isGreaterThan(150);
        assertThat(red(decoder.decode(jpeg).getRGB(0, 0))).isGreaterThan(150);
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    private void assertKind(byte[] bytes, ImageDecodeException.Kind kind) {
        assertThatThrownBy(() -> decoder.decode(bytes)).isInstanceOf(ImageDecodeException.class)
                .satisfies(e -> assertThat(((ImageDecodeException) e).kind()).isEqualTo(kind));
    }

    /** A PNG signature and IHDR claiming the size, and nothing else. */
    static byte[] pngHeader(int width, int height) {
        return pngHeader(width, height, 8, 2);
    }

    /** The same with a bit depth and colour type (2 RGB, 6 RGBA). */
    static byte[] pngHeader(int width, int height, int bitDepth, int colourType) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height).put(new byte[] {(byte) bitDepth, (byte) colourType, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }

    private static byte[] pngHeaderWithPixels() {
        try {
            return encode(marked(10, 10), "png");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
