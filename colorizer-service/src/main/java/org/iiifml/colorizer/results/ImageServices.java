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
 * to open a manifest of them; and, for an image larger than {@value #TILED_FROM} pixels on a side, tiles of
 * {@value #TILE} pixels at scale factors 1, 2, 4 … so that a deep-zoom viewer loads only what it shows.
 * Sizes and tiles are cut and scaled from the stored JPEG when asked for.
 */
public final class ImageServices {

    static final int SMALLEST = 256;
    static final int TILE = 512;
    static final int TILED_FROM = 2048;

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

    /** The scale factors tiles are served at (none for an image small enough to be served whole): 1, 2, 4 … */
    public static List<Integer> scaleFactors(Size full) {
        List<Integer> factors = new ArrayList<>();
        if (Math.max(full.width(), full.height()) <= TILED_FROM) {
            return factors;
        }
        for (int f = 1; Math.max(full.width(), full.height()) / f >= TILE / 2; f *= 2) {
            factors.add(f);
        }
        return factors;
    }

    /** A part of the image and the size it is answered at. */
    public record Part(int x, int y, int width, int height, Size size) {
    }

    /**
     * What a request's region and size name, when they name a level-0 answer: the whole image at a listed
     * size, or a tile (its region on the {@value #TILE} × scale-factor grid, its size that divided by the
     * factor, as {@code w,} or {@code w,h}); null otherwise.
     */
    public static Part part(String region, String size, Size full) {
        if (region.equals("full")) {
            Size s = requested(size, full);
            return s == null ? null : new Part(0, 0, full.width(), full.height(), s);
        }
        String[] r = region.split(",");
        if (r.length != 4) {
            return null;
        }
        int x;
        int y;
        int w;
        int h;
        try {
            x = Integer.parseInt(r[0]);
            y = Integer.parseInt(r[1]);
            w = Integer.parseInt(r[2]);
            h = Integer.parseInt(r[3]);
        } catch (NumberFormatException e) {
            return null;
        }
        for (int f : scaleFactors(full)) {
            int step = TILE * f;
            if (x < 0 || y < 0 || x % step != 0 || y % step != 0 || x >= full.width() || y >= full.height()) {
                continue;
            }
            int tw = Math.min(step, full.width() - x);
            int th = Math.min(step, full.height() - y);
            int sw = (tw + f - 1) / f;
            int sh = (th + f - 1) / f;
            if (w == tw && h == th && (size.equals(sw + ",") || size.equals(sw + "," + sh))) {
                return new Part(x, y, tw, th, new Size(sw, sh));
            }
        }
        return null;
    }

    /** A part of the image, scaled to its size (area averaging). */
    public static BufferedImage cut(BufferedImage image, Part part) {
        BufferedImage region = image.getSubimage(part.x(), part.y(), part.width(), part.height());
        if (part.width() == part.size().width() && part.height() == part.size().height()) {
            return region;
        }
        BufferedImage out = new BufferedImage(part.size().width(), part.size().height(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.drawImage(region.getScaledInstance(part.size().width(), part.size().height(), java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
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
