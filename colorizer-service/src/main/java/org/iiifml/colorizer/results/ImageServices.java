package org.iiifml.colorizer.results;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The colourised images as IIIF Image API 3 level 0 services: the whole image at a few sizes (the full
 * size, then halved while the long side stays at least {@value #SMALLEST}), which is what a viewer needs
 * to open a manifest of them. Sizes are scaled from the stored JPEG when asked for.
 */
public final class ImageServices {

    static final int SMALLEST = 256;

    private ImageServices() {
    }

    /** A size of an image, {@code w × h}. */
    public record Size(int width, int height) {
    }

    /** The stored JPEG's size, from its header. */
    public static Size size(byte[] jpeg) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, true);
                return new Size(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sizes served, largest first. */
    public static List<Size> sizes(Size full) {
        List<Size> sizes = new ArrayList<>();
        sizes.add(full);
        for (int f = 2; Math.max(full.width(), full.height()) / f >= SMALLEST && sizes.size() < 6; f *= 2) {
            sizes.add(new Size(Math.max(1, Math.round(full.width() / (float) f)), Math.max(1, Math.round(full.height() / (float) f))));
        }
        return sizes;
    }

    /**
     * The size a request's size parameter names: {@code max}, or {@code w,h} or {@code w,} of a listed size;
     * null when it names none (level 0 serves only those).
     */
    public static Size requested(String size, Size full) {
        if (size.equals("max")) {
            return full;
        }
        for (Size s : sizes(full)) {
            if (size.equals(s.width() + "," + s.height()) || size.equals(s.width() + ",") || size.equals("," + s.height())) {
                return s;
            }
        }
        return null;
    }

    /** The image scaled to a smaller listed size (area averaging), as JPEG. */
    public static BufferedImage scaled(byte[] jpeg, Size size) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            BufferedImage out = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = out.createGraphics();
            g.drawImage(image.getScaledInstance(size.width(), size.height(), java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
            g.dispose();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
