package org.iiifml.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws the demo pictures: book pages (lines of "text" and an engraving-like illustration), a black-and-white
 * photograph-like scene and a postcard. Made by this code from a fixed seed, so they carry no one else's
 * rights and are the same on every machine.
 */
final class DemoImages {

    static final Color PAPER = new Color(236, 228, 210);
    static final Color INK = new Color(40, 34, 30);

    private DemoImages() {
    }

    /** A book page: text lines, and when {@code illustrated}, a hatched picture in a frame with a caption. */
    static BufferedImage page(int width, int height, long seed, boolean illustrated) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(PAPER);
        g.fillRect(0, 0, width, height);
        Random random = new Random(seed);
        int margin = width / 10;
        int lineHeight = height / 60;
        int pictureTop = height / 4;
        int pictureBottom = pictureTop + height * 2 / 5;
        g.setColor(INK);
        for (int y = margin; y < height - margin; y += lineHeight * 2) {
            if (illustrated && y > pictureTop - lineHeight * 2 && y < pictureBottom + lineHeight * 3) {
                continue;
            }
            int x = margin;
            int end = width - margin - (random.nextInt(8) == 0 ? width / 3 : 0);
            while (x < end) {
                int word = lineHeight + random.nextInt(lineHeight * 4);
                g.fillRect(x, y, Math.min(word, end - x), lineHeight);
                x += word + lineHeight;
            }
        }
        if (illustrated) {
            int left = margin + width / 12;
            int right = width - margin - width / 12;
            g.setStroke(new BasicStroke(Math.max(2, width / 300f)));
            g.drawRect(left, pictureTop, right - left, pictureBottom - pictureTop);
            // Engraving-like hatching whose density follows a few round shapes.
            for (int y = pictureTop + 4; y < pictureBottom - 4; y += 4) {
                for (int x = left + 4; x < right - 4; x += 3) {
                    double shade = shade(x - left, y - pictureTop, right - left, pictureBottom - pictureTop, seed);
                    if (random.nextDouble() < shade) {
                        g.drawLine(x, y, x + 2, y + 1);
                    }
                }
            }
            g.fillRect(left + (right - left) / 4, pictureBottom + lineHeight, (right - left) / 2, lineHeight);
        }
        g.dispose();
        return image;
    }

    /** A cloth binding: a dyed, woven board with a gilt rule round it and a gilt title panel. */
    static BufferedImage cover(int width, int height, long seed, Color cloth) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // The weave: threads a few pixels wide, crossing, with the dye a little uneven.
                int thread = ((x / 3) % 2 == 0) ^ ((y / 3) % 2 == 0) ? 10 : -6;
                int n = thread + random.nextInt(9) - 4;
                image.setRGB(x, y, clamp(cloth.getRed() + n) << 16 | clamp(cloth.getGreen() + n) << 8 | clamp(cloth.getBlue() + n));
            }
        }
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color gilt = new Color(196, 164, 86);
        g.setColor(gilt);
        int m = width / 12;
        g.setStroke(new BasicStroke(Math.max(3, width / 200f)));
        g.drawRect(m, m, width - 2 * m, height - 2 * m);
        int panel = width / 3;
        g.drawRect((width - panel) / 2, height / 4, panel, height / 10);
        g.fillRect((width - panel) / 2 + panel / 8, height / 4 + height / 30, panel * 3 / 4, height / 60);
        g.dispose();
        return image;
    }

    /** A blank leaf: paper with its grain, the faint show-through of the other side and a folio number. */
    static BufferedImage blankLeaf(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(PAPER);
        g.fillRect(0, 0, width, height);
        Random random = new Random(seed);
        int margin = width / 10;
        int lineHeight = height / 60;
        g.setColor(new Color(PAPER.getRed() - 8, PAPER.getGreen() - 8, PAPER.getBlue() - 8));
        for (int y = margin; y < height - margin; y += lineHeight * 2) {
            int x = margin;
            while (x < width - margin) {
                int word = lineHeight + random.nextInt(lineHeight * 4);
                g.fillRect(x, y, Math.min(word, width - margin - x), lineHeight);
                x += word + lineHeight;
            }
        }
        g.setColor(INK);
        g.fillRect(width / 2 - lineHeight, height - margin / 2, lineHeight * 2, lineHeight);
        g.dispose();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = image.getRGB(x, y);
                int n = random.nextInt(7) - 3;
                image.setRGB(x, y, clamp(((p >> 16) & 0xff) + n) << 16 | clamp(((p >> 8) & 0xff) + n) << 8 | clamp((p & 0xff) + n));
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static double shade(int x, int y, int w, int h, long seed) {
        Random r = new Random(seed * 31);
        double s = 0.15;
        for (int i = 0; i < 4; i++) {
            double cx = r.nextDouble() * w;
            double cy = r.nextDouble() * h;
            double radius = (0.15 + r.nextDouble() * 0.25) * Math.min(w, h);
            double d = Math.hypot(x - cx, y - cy) / radius;
            if (d < 1) {
                s = Math.max(s, 0.85 * (1 - d * d));
            }
        }
        return s;
    }

    /** A greyscale scene with smooth tones, as a black-and-white photograph or postcard to colourise. */
    static BufferedImage photograph(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int y = 0; y < height; y++) {
            int sky = 230 - 120 * y / height;
            g.setColor(new Color(sky, sky, sky));
            g.drawLine(0, y, width, y);
        }
        Random random = new Random(seed);
        g.setColor(new Color(70, 70, 70));
        int[] xs = new int[12];
        int[] ys = new int[12];
        for (int i = 0; i < 10; i++) {
            xs[i] = i * width / 9;
            ys[i] = height / 2 + random.nextInt(height / 6);
        }
        xs[10] = width;
        ys[10] = height;
        xs[11] = 0;
        ys[11] = height;
        g.fillPolygon(xs, ys, 12);
        for (int i = 0; i < 5; i++) {
            int grey = 100 + random.nextInt(120);
            g.setColor(new Color(grey, grey, grey));
            double size = width / 12.0 + random.nextInt(width / 10);
            g.fill(new Ellipse2D.Double(random.nextInt(width), height / 2.0 + random.nextInt(height / 3), size, size * 1.4));
        }
        g.dispose();
        return image;
    }

    /**
     * A colour scene of the kind the black-and-white photographs show (a sky lighter at the horizon, hills,
     * fields or a sea, trees, red-roofed houses, sometimes a sun): colour pictures to train a colouriser on.
     */
    static BufferedImage colourScene(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Random random = new Random(seed);
        int horizon = height * (40 + random.nextInt(20)) / 100;
        for (int y = 0; y < horizon; y++) {
            int t = 110 * y / horizon;
            g.setColor(new Color(60 + t, 110 + t * 3 / 4, 205 + t / 3));
            g.drawLine(0, y, width, y);
        }
        if (random.nextBoolean()) {
            int r = height / 12;
            g.setColor(new Color(255, 214, 90));
            g.fill(new Ellipse2D.Double(random.nextInt(width - 2 * r), random.nextInt(Math.max(1, horizon / 2)), 2 * r, 2 * r));
        }
        boolean sea = random.nextInt(3) == 0;
        for (int y = horizon; y < height; y++) {
            int t = 50 * (y - horizon) / Math.max(1, height - horizon);
            g.setColor(sea ? new Color(30, 80 + t, 140 + t) : new Color(70 + t, 130 + t / 2, 50));
            g.drawLine(0, y, width, y);
        }
        int[] xs = new int[12];
        int[] ys = new int[12];
        for (int i = 0; i < 10; i++) {
            xs[i] = i * width / 9;
            ys[i] = horizon - random.nextInt(height / 8);
        }
        xs[10] = width;
        ys[10] = horizon;
        xs[11] = 0;
        ys[11] = horizon;
        g.setColor(new Color(88, 120, 96));
        g.fillPolygon(xs, ys, 12);
        for (int i = 0; i < 2 + random.nextInt(3); i++) {
            int w = width / 10 + random.nextInt(width / 12);
            int h = w * 2 / 3;
            int x = random.nextInt(width - w);
            int y = horizon + random.nextInt(Math.max(1, (height - horizon) / 2));
            g.setColor(new Color(226, 214, 186));
            g.fillRect(x, y, w, h);
            g.setColor(new Color(178, 58, 40));
            g.fillPolygon(new int[] {x - w / 10, x + w / 2, x + w + w / 10}, new int[] {y, y - h * 2 / 3, y}, 3);
        }
        for (int i = 0; i < 4; i++) {
            double size = width / 14.0 + random.nextInt(width / 12);
            double x = random.nextInt(width);
            double y = horizon + random.nextInt(Math.max(1, (height - horizon) * 2 / 3));
            g.setColor(new Color(96, 66, 40));
            g.fillRect((int) (x + size / 2 - size / 12), (int) (y + size), (int) (size / 6), (int) (size / 2));
            g.setColor(new Color(40, 96 + random.nextInt(30), 44));
            g.fill(new Ellipse2D.Double(x, y, size, size * 1.2));
        }
        g.dispose();
        return image;
    }

    static byte[] jpeg(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage scaled(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, source.getType() == BufferedImage.TYPE_BYTE_GRAY
                ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
