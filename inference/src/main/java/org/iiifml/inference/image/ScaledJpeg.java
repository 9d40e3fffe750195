package org.iiifml.inference.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG decoding at 1/2, 1/4 or 1/8 scale, by libjpeg-turbo (SIMD) inside Leptonica: the inverse DCT is
 * computed at the smaller size, so a 6-megapixel photograph for a 256-pixel model costs a third of its full
 * decode, and the result is an average of each block, not every n-th pixel. Where the native library is
 * not there (a platform without its jar), {@link #available()} is false and ImageIO decodes at full size.
 */
final class ScaledJpeg {

    private static final Logger log = LoggerFactory.getLogger(ScaledJpeg.class);
    private static final boolean AVAILABLE = load();

    private ScaledJpeg() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean load() {
        try {
            Loader.load(leptonica.class);
            leptonica.setMsgSeverity(leptonica.L_SEVERITY_NONE); // failures are answered as problems, not printed
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError, or no natives for this platform
            log.info("Scaled JPEG decoding is off (Leptonica's native library did not load: {}); JPEGs are decoded at full size",
                    e.toString());
            return false;
        }
    }

    /** What a baseline or progressive JPEG's frame header says, or null when there is none to read. */
    record Frame(int precision, int width, int height, int components) {

        /** 8-bit grey or YCbCr/RGB: what this decoder takes; CMYK and 12-bit stay with ImageIO. */
        boolean scalable() {
            return precision == 8 && (components == 1 || components == 3);
        }
    }

    /** Reads the frame header (SOFn) by walking the markers before the first scan. */
    static Frame frame(byte[] jpeg) {
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xff) != 0xff) {
                return null;
            }
            int marker = jpeg[i + 1] & 0xff;
            if (marker == 0xff) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2;
                continue;
            }
            if (marker == 0xd9 || marker == 0xda) {
                return null; // an end or a scan before any frame header
            }
            int length = (jpeg[i + 2] & 0xff) << 8 | (jpeg[i + 3] & 0xff);
            boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (sof) {
                if (i + 10 > jpeg.length) {
                    return null;
                }
                int precision = jpeg[i + 4] & 0xff;
                int height = (jpeg[i + 5] & 0xff) << 8 | (jpeg[i + 6] & 0xff);
                int width = (jpeg[i + 7] & 0xff) << 8 | (jpeg[i + 8] & 0xff);
                return new Frame(precision, width, height, jpeg[i + 9] & 0xff);
            }
            i += 2 + length;
        }
        return null;
    }

    /**
     * Decodes at 1/{@code reduction} (2, 4 or 8) of each side, rounded up as libjpeg rounds, as 8-bit RGB.
     *
     * @throws ImageDecodeException CORRUPT when libjpeg gives up on the data
     */
    static BufferedImage decode(byte[] jpeg, int reduction) {
        if (reduction != 2 && reduction != 4 && reduction != 8) {
            throw new IllegalArgumentException("reduction is 2, 4 or 8");
        }
        PIX pix;
        try (BytePointer data = new BytePointer(jpeg)) {
            pix = leptonica.pixReadMemJpeg(data, jpeg.length, 0, reduction, (IntPointer) null, 0);
        }
        if (pix == null) {
            throw new ImageDecodeException(ImageDecodeException.Kind.CORRUPT, "the jpeg data could not be decoded");
        }
        try {
            int width = leptonica.pixGetWidth(pix);
            int height = leptonica.pixGetHeight(pix);
            int depth = leptonica.pixGetDepth(pix);
            int wpl = leptonica.pixGetWpl(pix);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            IntPointer words = leptonica.pixGetData(pix);
            if (depth == 32) {
                // A word is R, G, B, A from the high byte down: one shift makes it the raster's RGB.
                for (int y = 0; y < height; y++) {
                    words.position((long) y * wpl).get(px, y * width, width);
                }
                for (int i = 0; i < px.length; i++) {
                    px[i] >>>= 8;
                }
            } else if (depth == 8) {
                // Four grey pixels a word, the first in the high byte.
                int[] row = new int[wpl];
                for (int y = 0; y < height; y++) {
                    words.position((long) y * wpl).get(row, 0, wpl);
                    for (int x = 0; x < width; x++) {
                        int g = row[x >> 2] >>> (24 - 8 * (x & 3)) & 0xff;
                        px[y * width + x] = g << 16 | g << 8 | g;
                    }
                }
            } else {
                throw new ImageDecodeException(ImageDecodeException.Kind.UNSUPPORTED, "a " + depth + "-bit JPEG is not decoded scaled");
            }
            return image;
        } finally {
            leptonica.pixDestroy(pix);
        }
    }
}
