package org.iiifml.inference.image;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes uploaded and fetched images for the models: JPEG (baseline, progressive, CMYK and YCCK, ICC
 * profiles, through TwelveMonkeys), PNG and TIFF. The pixel count is read from the header and checked
 * before any pixel is decoded, so a small file that claims 100000×100000 costs nothing. EXIF orientation
 * is applied; the result is always 8-bit RGB with alpha composed over white.
 */
public final class ImageDecoder {

    /** Formats the decoder takes, by ImageIO format name. */
    public static final Set<String> FORMATS = Set.of("jpeg", "jpg", "png", "tiff", "tif");

    /**
     * Memory shared by the decodes of a service: a decode holds what it will take while it runs, and waits
     * while others hold the rest, so concurrent large images queue instead of multiplying the heap.
     */
    @FunctionalInterface
    public interface Budget {
        /** No sharing: every decode runs at once. */
        Budget NONE = bytes -> () -> { };

        /** Holds {@code bytes} (blocking until they are free) until the returned hold is closed. */
        Held hold(long bytes);

        interface Held extends AutoCloseable {
            @Override
            void close();
        }
    }

    private final long maxPixels;
    private final long maxRasterBytes;
    private final Budget budget;

    /** @param maxPixels largest width × height decoded, with no cap on the raster's bytes beyond it */
    public ImageDecoder(long maxPixels) {
        this(maxPixels, Long.MAX_VALUE, Budget.NONE);
    }

    /**
     * @param maxPixels largest width × height decoded
     * @param maxRasterBytes largest memory a decode may take: the decoded raster (pixels × channels × bytes
     *     per sample, as the header says) and the 8-bit RGB image made of it
     * @param budget what decodes running at once share; a decode holds its raster bytes from it
     */
    public ImageDecoder(long maxPixels, long maxRasterBytes, Budget budget) {
        if (maxPixels < 1 || maxRasterBytes < 1) {
            throw new IllegalArgumentException("maxPixels and maxRasterBytes must be positive");
        }
        this.maxPixels = maxPixels;
        this.maxRasterBytes = maxRasterBytes;
        this.budget = budget;
        ScaledJpeg.available(); // loads the native decoder now, at start, not in the first request
    }

    public long maxPixels() {
        return maxPixels;
    }

    public BufferedImage decode(byte[] bytes) {
        return decode(bytes, 0).image();
    }

    /**
     * An image decoded at reduced resolution, for a consumer that needs no more than {@code longSide}
     * pixels on the long side, and the full image's size (upright).
     */
    public record Decoded(BufferedImage image, int width, int height) {
    }

    /**
     * Decodes keeping every n-th pixel of every n-th row, n the largest whole factor that leaves at least
     * {@code atLeastLongSide} pixels on the long side (0: every pixel). A large page then never exists in
     * memory at full size: a 100-megapixel upload for a 1024-pixel detector is decoded at about 2048. A JPEG
     * is reduced by the inverse DCT at 1/2, 1/4 or 1/8 instead where that leaves as much ({@link ScaledJpeg}).
     */
    public Decoded decode(byte[] bytes, int atLeastLongSide) {
        return decode(bytes, atLeastLongSide, null);
    }

    /**
     * Decodes a JPEG at 1/2, 1/4 or 1/8 scale where {@code maxReduction} (given the upright width and
     * height) allows that much, by the inverse DCT at the smaller size ({@link ScaledJpeg}); any other image,
     * or where the native decoder is not there, at full size. The limits are checked as for a full decode.
     */
    public Decoded decodeReduced(byte[] bytes, IntBinaryOperator maxReduction) {
        return decode(bytes, 0, maxReduction);
    }

    private Decoded decode(byte[] bytes, int atLeastLongSide, IntBinaryOperator maxReduction) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageDecodeException(ImageDecodeException.Kind.EMPTY, "the image is empty (0 bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                int width;
                int height;
                try {
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw new ImageDecodeException(ImageDecodeException.Kind.CORRUPT, "the " + format + " header could not be read");
                }
                if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                    throw new ImageDecodeException(ImageDecodeException.Kind.TOO_LARGE, "the image is " + width + " × " + height
                            + " pixels; at most " + maxPixels + " pixels are decoded");
                }
                if ((format.equals("jpeg") || format.equals("jpg")) && !endsWithEoi(bytes)) {
                    // Decoders fill a truncated JPEG with grey without complaint: a model would classify the grey.
                    throw new ImageDecodeException(ImageDecodeException.Kind.CORRUPT, "the JPEG data is truncated (no end-of-image marker)");
                }
                int orientation = format.startsWith("jp") ? ExifOrientation.read(bytes) : 1;
                boolean swap = orientation >= 5 && orientation <= 8;
                int uprightWidth = swap ? height : width;
                int uprightHeight = swap ? width : height;
                // A JPEG asked for a long side is reduced in the DCT too: faster than keeping every n-th pixel, and averaged.
                int reduction = maxReduction != null ? dctReduction(maxReduction.applyAsInt(uprightWidth, uprightHeight))
                        : atLeastLongSide > 0 ? dctReduction(Math.max(width, height) / atLeastLongSide) : 1;
                if (reduction > 1 && format.startsWith("jp") && ScaledJpeg.available()) {
                    ScaledJpeg.Frame frame = ScaledJpeg.frame(bytes);
                    if (frame != null && frame.scalable() && frame.width() == width && frame.height() == height) {
                        // The native image (4 bytes a pixel) and its Java copy, held while both exist.
                        long scaledBytes = (long) ((width + reduction - 1) / reduction) * ((height + reduction - 1) / reduction) * 8;
                        if (scaledBytes > maxRasterBytes) {
                            throw new ImageDecodeException(ImageDecodeException.Kind.TOO_LARGE, "decoding this " + width + " × " + height
                                    + " jpeg at 1/" + reduction + " would take " + (scaledBytes >> 20) + " MB; at most "
                                    + (maxRasterBytes >> 20) + " MB are used");
                        }
                        try (Budget.Held held = budget.hold(scaledBytes)) {
                            return new Decoded(oriented(ScaledJpeg.decode(bytes, reduction), orientation), uprightWidth, uprightHeight);
                        }
                    }
                }
                BufferedImage image;
                int step = atLeastLongSide <= 0 ? 1 : Math.max(1, Math.max(width, height) / atLeastLongSide);
                long decoded = (long) ((width + step - 1) / step) * ((height + step - 1) / step);
                // A small file may hold a deep raster (16-bit RGBA is 8 bytes a pixel): its memory, not only
                // its pixel count, is checked before any pixel is decoded.
                long rasterBytes = decoded * (bytesPerPixel(reader) + 4);
                if (rasterBytes > maxRasterBytes) {
                    throw new ImageDecodeException(ImageDecodeException.Kind.TOO_LARGE, "decoding this " + width + " × " + height
                            + " " + format + " would take " + (rasterBytes >> 20) + " MB; at most " + (maxRasterBytes >> 20) + " MB are used");
                }
                // Held while the raster and its RGB copy both exist; what is kept after is the RGB image alone.
                try (Budget.Held held = budget.hold(rasterBytes)) {
                    try {
                        javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
                        if (step > 1) {
                            param.setSourceSubsampling(step, step, 0, 0);
                        }
                        image = reader.read(0, param);
                    } catch (IOException | RuntimeException e) {
                        throw new ImageDecodeException(ImageDecodeException.Kind.CORRUPT, "the " + format + " data could not be decoded");
                    }
                    return new Decoded(oriented(rgb(image), orientation), uprightWidth, uprightHeight);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ImageDecodeException(ImageDecodeException.Kind.CORRUPT, "the image could not be read");
        }
    }

    /** The largest of libjpeg's scales (8, 4, 2) not above {@code allowed}; 1 when none is. */
    static int dctReduction(int allowed) {
        return allowed >= 8 ? 8 : allowed >= 4 ? 4 : allowed >= 2 ? 2 : 1;
    }

    /** Bytes one decoded pixel takes, from the header's sample sizes; 4 when the reader cannot say. */
    static int bytesPerPixel(ImageReader reader) {
        try {
            javax.imageio.ImageTypeSpecifier type = reader.getRawImageType(0);
            if (type == null) {
                Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
                type = types.hasNext() ? types.next() : null;
            }
            if (type == null) {
                return 4;
            }
            int bits = 0;
            for (int size : type.getSampleModel().getSampleSize()) {
                bits += size;
            }
            return Math.max(1, (bits + 7) / 8);
        } catch (IOException | RuntimeException e) {
            return 4;
        }
    }

    private static ImageReader readerFor(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            try {
                if (FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                    return reader;
                }
            } catch (IOException e) {
                // a reader that cannot say its format is not one of ours
            }
            reader.dispose();
        }
        throw new ImageDecodeException(ImageDecodeException.Kind.UNSUPPORTED, "not a JPEG, PNG or TIFF image");
    }

    /** JPEG data ends with FF D9, possibly followed by padding zeros some encoders add. */
    static boolean endsWithEoi(byte[] bytes) {
        int end = bytes.length;
        while (end > 2 && bytes[end - 1] == 0) {
            end--;
        }
        return end >= 2 && (bytes[end - 2] & 0xff) == 0xff && (bytes[end - 1] & 0xff) == 0xd9;
    }

    /** 8-bit RGB; transparent pixels composed over white, as a page is seen. */
    static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferByte bytes
                && image.getRaster().getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel model
                && model.getPixelStride() == 3 && model.getScanlineStride() == image.getWidth() * 3
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0) {
            // What the JPEG decoder gives for colour pictures: repacked directly, without a colour-model pass.
            byte[] bgr = bytes.getData();
            BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            int[] px = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
            for (int i = 0, j = 0; i < px.length; i++, j += 3) {
                px[i] = (bgr[j + 2] & 0xff) << 16 | (bgr[j + 1] & 0xff) << 8 | (bgr[j] & 0xff);
            }
            return out;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Applies an EXIF orientation (1–8) so that the image is upright: each pixel moved, nothing resampled. */
    static BufferedImage oriented(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] in = image.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[in.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                out[y * ow + x] = in[sy * w + sx];
            }
        }
        BufferedImage result = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, ow, oh, out, 0, ow);
        return result;
    }
}
