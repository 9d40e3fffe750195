package org.iiifml.classifier.pagetype;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

/**
 * Draws synthetic digitised book pages of four kinds, the training and test data of the built-in
 * page-type model: blank pages (paper, grain, sometimes faint show-through or a page number), text pages
 * (one or two columns of glyph-like strokes, headings, indents), illustrated pages (a halftone-like photo,
 * a line drawing or an engraving-like hatching, with or without text and caption) and covers (cloth or
 * leather colour and weave, sometimes a stamped border and title). Everything follows from the seed.
 */
public final class PageGenerator {

    public enum Kind { BLANK, TEXT, ILLUSTRATED, COVER }

    private final Random random;

    public PageGenerator(long seed) {
        this.random = new Random(seed);
    }

    public BufferedImage page(Kind kind) {
        int w = 300 + random.nextInt(120);
        int h = (int) (w / (0.62 + random.nextDouble() * 0.18));
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Canvas c = new Canvas(px, w, h);
        if (kind == Kind.COVER) {
            cover(c);
        } else {
            paper(c);
            switch (kind) {
                case BLANK -> blank(c);
                case TEXT -> text(c, (int) (h * 0.08), (int) (h * 0.92), true);
                default -> illustrated(c);
            }
        }
        grain(c, 4 + random.nextInt(8));
        return image;
    }

    private record Canvas(int[] px, int w, int h) {
        void set(int x, int y, int rgb) {
            if (x >= 0 && y >= 0 && x < w && y < h) {
                px[y * w + x] = rgb;
            }
        }

        void fill(int x0, int y0, int x1, int y1, int rgb) {
            for (int y = Math.max(0, y0); y < Math.min(h, y1); y++) {
                for (int x = Math.max(0, x0); x < Math.min(w, x1); x++) {
                    px[y * w + x] = rgb;
                }
            }
        }
    }

    private int paperColour;

    private void paper(Canvas c) {
        int r = 225 + random.nextInt(25);
        int g = r - 4 - random.nextInt(10);
        int b = g - 8 - random.nextInt(22);
        paperColour = rgb(r, g, b);
        double vignette = random.nextDouble() * 18;
        for (int y = 0; y < c.h(); y++) {
            for (int x = 0; x < c.w(); x++) {
                double dx = (x - c.w() / 2.0) / c.w();
                double dy = (y - c.h() / 2.0) / c.h();
                int d = (int) (vignette * (dx * dx + dy * dy) * 4);
                c.px()[y * c.w() + x] = rgb(r - d, g - d, b - d);
            }
        }
    }

    private void blank(Canvas c) {
        if (random.nextDouble() < 0.5) { // show-through of the other side: text at a few levels of contrast
            int contrast = 6 + random.nextInt(16);
            textBlock(c, (int) (c.w() * 0.1), (int) (c.h() * 0.1), (int) (c.w() * 0.9), (int) (c.h() * 0.9), shade(paperColour, -contrast),
                    8 + random.nextInt(6));
        }
        if (random.nextDouble() < 0.4) {
            glyphs(c, c.w() / 2 - 6, (int) (c.h() * 0.94), 3, 7, ink());
        }
    }

    private void text(Canvas c, int top, int bottom, boolean heading) {
        int left = (int) (c.w() * (0.08 + random.nextDouble() * 0.07));
        int right = c.w() - (int) (c.w() * (0.08 + random.nextDouble() * 0.07));
        int ink = ink();
        if (heading && random.nextDouble() < 0.3) {
            int size = 14 + random.nextInt(8);
            glyphs(c, left + (right - left) / 4, top, (right - left) / 2 / 7, size, ink);
            top += size * 2;
        }
        if (random.nextDouble() < 0.3) {
            int mid = (left + right) / 2;
            textBlock(c, left, top, mid - 8, bottom, ink, 7 + random.nextInt(5));
            textBlock(c, mid + 8, top, right, bottom, ink, 7 + random.nextInt(5));
        } else {
            textBlock(c, left, top, right, bottom, ink, 7 + random.nextInt(6));
        }
    }

    private void textBlock(Canvas c, int left, int top, int right, int bottom, int ink, int lineHeight) {
        int y = top;
        while (y + lineHeight < bottom) {
            int x = left + (random.nextDouble() < 0.15 ? lineHeight * 2 : 0);
            int end = random.nextDouble() < 0.12 ? left + (int) ((right - left) * (0.2 + random.nextDouble() * 0.6)) : right;
            while (x < end) {
                int letters = 1 + random.nextInt(9);
                int width = letters * 4;
                if (x + width > end) {
                    break;
                }
                glyphs(c, x, y, letters, (int) (lineHeight * 0.7), ink);
                x += width + 3 + random.nextInt(3);
            }
            y += lineHeight + 2 + random.nextInt(2);
        }
    }

    /** Letters as strokes: x-height, some ascenders and descenders, an occasional round letter. */
    private void glyphs(Canvas c, int x, int baseline, int letters, int size, int ink) {
        int xh = Math.max(3, size * 6 / 10);
        for (int i = 0; i < letters; i++) {
            int lx = x + i * Math.max(4, size / 2);
            int top = baseline - xh - (random.nextDouble() < 0.3 ? size / 3 : 0);
            int bottom = baseline + (random.nextDouble() < 0.15 ? size / 4 : 0);
            int stroke = size > 12 ? 2 : 1;
            c.fill(lx, top, lx + stroke, bottom, ink);
            if (random.nextDouble() < 0.6) {
                c.fill(lx, baseline - xh, lx + Math.max(3, size / 3), baseline - xh + stroke, ink);
                c.fill(lx + Math.max(2, size / 3) - stroke, baseline - xh, lx + Math.max(2, size / 3), baseline, ink);
            }
        }
    }

    private void illustrated(Canvas c) {
        int left = (int) (c.w() * 0.1);
        int right = (int) (c.w() * 0.9);
        double share = 0.3 + random.nextDouble() * 0.45;
        int boxH = (int) (c.h() * share);
        int boxW = (int) ((right - left) * (0.6 + random.nextDouble() * 0.4));
        int x0 = left + random.nextInt(Math.max(1, right - left - boxW + 1));
        int y0 = (int) (c.h() * 0.08) + random.nextInt(Math.max(1, (int) (c.h() * 0.84) - boxH));
        boolean withText = random.nextDouble() < 0.7;
        if (withText) {
            text(c, (int) (c.h() * 0.08), y0 - 10, false);
            text(c, y0 + boxH + 24, (int) (c.h() * 0.92), false);
        }
        switch (random.nextInt(3)) {
            case 0 -> photo(c, x0, y0, x0 + boxW, y0 + boxH);
            case 1 -> lineArt(c, x0, y0, x0 + boxW, y0 + boxH);
            default -> engraving(c, x0, y0, x0 + boxW, y0 + boxH);
        }
        if (random.nextDouble() < 0.6) {
            glyphs(c, x0 + boxW / 4, y0 + boxH + 14, Math.max(2, boxW / 2 / 4), 7, ink());
        }
    }

    /** A continuous-tone image: a few soft blobs of light and dark, as a halftone photograph looks scanned. */
    private void photo(Canvas c, int x0, int y0, int x1, int y1) {
        int blobs = 3 + random.nextInt(5);
        double[][] b = new double[blobs][4];
        for (double[] blob : b) {
            blob[0] = x0 + random.nextDouble() * (x1 - x0);
            blob[1] = y0 + random.nextDouble() * (y1 - y0);
            blob[2] = (x1 - x0) * (0.1 + random.nextDouble() * 0.4);
            blob[3] = random.nextDouble() * 200 - 120;
        }
        double base = 90 + random.nextDouble() * 90;
        boolean sepia = random.nextBoolean();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double v = base;
                for (double[] blob : b) {
                    double dx = x - blob[0];
                    double dy = y - blob[1];
                    v += blob[3] * Math.exp(-(dx * dx + dy * dy) / (2 * blob[2] * blob[2]));
                }
                int g = clamp((int) v + random.nextInt(15) - 7);
                c.set(x, y, sepia ? rgb(g + 12, g, g - 14) : rgb(g, g, g));
            }
        }
    }

    private void lineArt(Canvas c, int x0, int y0, int x1, int y1) {
        int ink = ink();
        int strokes = 15 + random.nextInt(40);
        for (int s = 0; s < strokes; s++) {
            double x = x0 + random.nextDouble() * (x1 - x0);
            double y = y0 + random.nextDouble() * (y1 - y0);
            double angle = random.nextDouble() * Math.PI * 2;
            int length = 10 + random.nextInt(Math.max(11, (x1 - x0) / 2));
            for (int i = 0; i < length; i++) {
                angle += (random.nextDouble() - 0.5) * 0.3;
                x += Math.cos(angle);
                y += Math.sin(angle);
                if (x < x0 || x >= x1 || y < y0 || y >= y1) {
                    break;
                }
                c.set((int) x, (int) y, ink);
                if (random.nextDouble() < 0.3) {
                    c.set((int) x + 1, (int) y, ink);
                }
            }
        }
        if (random.nextBoolean()) { // a ruled frame
            c.fill(x0, y0, x1, y0 + 1, ink);
            c.fill(x0, y1 - 1, x1, y1, ink);
            c.fill(x0, y0, x0 + 1, y1, ink);
            c.fill(x1 - 1, y0, x1, y1, ink);
        }
    }

    /** Hatching whose spacing follows a smooth light field, as engravings and woodcuts render tone. */
    private void engraving(Canvas c, int x0, int y0, int x1, int y1) {
        int ink = ink();
        double cx = x0 + random.nextDouble() * (x1 - x0);
        double cy = y0 + random.nextDouble() * (y1 - y0);
        double slope = random.nextDouble() * 2 - 1;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double light = Math.hypot(x - cx, y - cy) / (x1 - x0);
                int spacing = 2 + (int) (light * 8);
                if (Math.floorMod((int) (y + slope * x), spacing) == 0) {
                    c.set(x, y, ink);
                }
            }
        }
    }

    private void cover(Canvas c) {
        int[][] palette = {{110, 25, 30}, {30, 60, 40}, {25, 35, 75}, {90, 60, 35}, {30, 28, 26}, {150, 120, 80}, {120, 40, 70}};
        int[] base = palette[random.nextInt(palette.length)];
        int vary = random.nextInt(30) - 15;
        boolean weave = random.nextBoolean();
        for (int y = 0; y < c.h(); y++) {
            for (int x = 0; x < c.w(); x++) {
                int t = weave ? ((x % 3 == 0) ^ (y % 3 == 0) ? 8 : -4) : random.nextInt(12) - 6;
                c.px()[y * c.w() + x] = rgb(base[0] + vary + t, base[1] + vary + t, base[2] + vary + t);
            }
        }
        if (random.nextDouble() < 0.6) {
            int m = c.w() / 12;
            int gold = random.nextBoolean() ? rgb(200, 170, 90) : shade(rgb(base[0], base[1], base[2]), -25);
            c.fill(m, m, c.w() - m, m + 2, gold);
            c.fill(m, c.h() - m - 2, c.w() - m, c.h() - m, gold);
            c.fill(m, m, m + 2, c.h() - m, gold);
            c.fill(c.w() - m - 2, m, c.w() - m, c.h() - m, gold);
            if (random.nextBoolean()) {
                glyphs(c, c.w() / 3, c.h() / 3, 6, 16, gold);
            }
        }
    }

    private void grain(Canvas c, int amount) {
        int[] px = c.px();
        for (int i = 0; i < px.length; i++) {
            int n = random.nextInt(2 * amount + 1) - amount;
            int p = px[i];
            px[i] = rgb(((p >> 16) & 0xff) + n, ((p >> 8) & 0xff) + n, (p & 0xff) + n);
        }
    }

    private int ink() {
        int v = 15 + random.nextInt(60);
        return rgb(v + 5, v, v - 5);
    }

    private static int shade(int rgb, int d) {
        return rgb(((rgb >> 16) & 0xff) + d, ((rgb >> 8) & 0xff) + d, (rgb & 0xff) + d);
    }

    private static int rgb(int r, int g, int b) {
        return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
