package org.iiifml.extractor.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.iiifml.inference.detection.Detection;

/**
 * Draws synthetic digitised book pages with the true box of every illustration, for evaluating detectors:
 * justified text in several fonts and sizes (one or two columns, headings, running heads, page numbers,
 * rules), captions, and illustrations of three kinds: photographs (continuous tone or halftone screen),
 * line drawings (strokes on white, much of it blank) and engravings (tone rendered by hatching and
 * cross-hatching). Plates, illustrations between paragraphs, two to a page and text wrapped beside one.
 * Then what scanning adds: paper tone and grain, uneven lighting, a slight skew and JPEG artefacts.
 *
 * <p>A true box is the box of the illustration's ink as an annotator draws it (a line drawing's blank
 * corners are outside it), skewed with the page; captions are not part of it. Everything follows from
 * the seed.
 */
public final class BookPageGenerator {

    /** What a page holds: text only, or illustrations of one kind. */
    public enum Kind { TEXT, PHOTOGRAPH, LINE_DRAWING, ENGRAVING }

    /** A page, its illustrations' true boxes (label: the kind, lower case) and what it holds. */
    public record Page(BufferedImage image, byte[] jpeg, List<Detection> truth, Kind kind) {
    }

    private static final String[] FONTS = {"Serif", "SansSerif", "Monospaced", "DejaVu Serif Condensed"};
    private static final String[] SYLLABLES = {"the", "and", "of", "in", "re", "con", "ter", "an", "ing", "es", "ed",
        "ver", "pro", "al", "ly", "tion", "ment", "ca", "de", "si", "mo", "la", "to", "be", "for", "ra", "ous", "ne",
        "st", "ex", "qu", "un", "per", "com", "ble", "ho", "ri", "ma", "ul", "sh"};

    private final Random random;

    public BookPageGenerator(long seed) {
        this.random = new Random(seed);
    }

    public Page page(Kind kind) {
        int w = 1000 + random.nextInt(240);
        int h = (int) (w / (0.64 + random.nextDouble() * 0.12));
        BufferedImage page = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        Style style = style(w);
        List<Detection> truth = new ArrayList<>();
        int left = (int) (w * (0.08 + random.nextDouble() * 0.05));
        int right = w - (int) (w * (0.08 + random.nextDouble() * 0.05));
        int top = (int) (h * (0.06 + random.nextDouble() * 0.03));
        int bottom = h - (int) (h * (0.07 + random.nextDouble() * 0.03));
        // Running head and page number.
        if (random.nextDouble() < 0.7) {
            Font small = style.font.deriveFont(Font.PLAIN, style.size * 0.8f);
            g.setFont(small);
            g.setColor(style.ink);
            String head = words(2 + random.nextInt(3)).toUpperCase(java.util.Locale.ROOT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(head, (left + right - fm.stringWidth(head)) / 2, top);
            g.drawString(Integer.toString(1 + random.nextInt(400)), random.nextBoolean() ? left : right - fm.stringWidth("000"), top);
            top += (int) (style.size * 2.2);
        } else if (random.nextBoolean()) {
            g.setFont(style.font);
            g.setColor(style.ink);
            g.drawString(Integer.toString(1 + random.nextInt(400)), (left + right) / 2, bottom + style.size * 2);
        }
        switch (kind) {
            case TEXT -> textPage(g, style, left, top, right, bottom);
            default -> illustratedPage(g, style, kind, left, top, right, bottom, truth);
        }
        g.dispose();
        return scanned(page, truth, kind);
    }

    private record Style(Font font, float size, Color ink, double leading) {
    }

    private Style style(int pageWidth) {
        String family = FONTS[random.nextInt(FONTS.length)];
        float size = pageWidth / 1100f * (17 + random.nextInt(10));
        int style = random.nextDouble() < 0.15 ? Font.ITALIC : Font.PLAIN;
        int ink = 20 + random.nextInt(50);
        return new Style(new Font(family, style, Math.round(size)), size, new Color(ink, ink - Math.min(ink, 8), ink - Math.min(ink, 12)),
                1.25 + random.nextDouble() * 0.35);
    }

    private void textPage(Graphics2D g, Style style, int left, int top, int right, int bottom) {
        int y = top;
        if (random.nextDouble() < 0.35) { // a chapter opening
            y += (int) (style.size * 3);
            Font heading = style.font.deriveFont(Font.BOLD, style.size * (1.6f + random.nextFloat()));
            y = centred(g, heading, style.ink, words(2 + random.nextInt(4)).toUpperCase(java.util.Locale.ROOT), left, right, y);
            y += (int) (style.size * 1.5);
            if (random.nextBoolean()) { // an ornamental rule
                g.setStroke(new BasicStroke(1.5f));
                int cx = (left + right) / 2;
                g.drawLine(cx - (right - left) / 6, y, cx + (right - left) / 6, y);
                y += (int) (style.size * 1.5);
            }
        }
        if (random.nextDouble() < 0.25) { // a drop capital three lines high, the text beside it
            Font initial = style.font.deriveFont(Font.PLAIN, style.size * 3.6f);
            g.setFont(initial);
            FontMetrics fm = g.getFontMetrics();
            String letter = String.valueOf((char) ('A' + random.nextInt(26)));
            g.drawString(letter, left, y + fm.getAscent() * 0.85f);
            int beside = left + fm.stringWidth(letter) + (int) (style.size * 0.6);
            int three = (int) (3 * style.size * style.leading);
            paragraphs(g, style, beside, y, right, y + three);
            y += three;
        }
        if (random.nextDouble() < 0.2) { // footnotes under a short rule
            Style note = new Style(style.font.deriveFont(style.size * 0.75f), style.size * 0.75f, style.ink, style.leading);
            int noteTop = bottom - (int) (note.size * note.leading * (2 + random.nextInt(4)));
            g.setStroke(new BasicStroke(1f));
            g.drawLine(left, noteTop - (int) note.size, left + (right - left) / 4, noteTop - (int) note.size);
            paragraphs(g, note, left, noteTop, right, bottom);
            bottom = noteTop - (int) (note.size * 2);
        }
        columns(g, style, left, y, right, bottom);
    }

    private void columns(Graphics2D g, Style style, int left, int top, int right, int bottom) {
        if (random.nextDouble() < 0.2 && right - left > 700) {
            int gap = (int) (style.size * 2);
            int mid = (left + right) / 2;
            paragraphs(g, style, left, top, mid - gap / 2, bottom);
            paragraphs(g, style, mid + gap / 2, top, right, bottom);
        } else {
            paragraphs(g, style, left, top, right, bottom);
        }
    }

    /** Fills the box with justified paragraphs; answers the y below the last line. */
    private int paragraphs(Graphics2D g, Style style, int left, int top, int right, int bottom) {
        g.setFont(style.font);
        g.setColor(style.ink);
        FontMetrics fm = g.getFontMetrics();
        int lineHeight = (int) Math.round(style.size * style.leading);
        int y = top + fm.getAscent();
        while (y + fm.getDescent() <= bottom) {
            int lines = 2 + random.nextInt(9);
            for (int i = 0; i < lines && y + fm.getDescent() <= bottom; i++) {
                int indent = i == 0 ? (int) (style.size * 1.5) : 0;
                boolean last = i == lines - 1;
                line(g, fm, left + indent, right, y, last);
                y += lineHeight;
            }
        }
        return y - fm.getAscent();
    }

    private void line(Graphics2D g, FontMetrics fm, int left, int right, int y, boolean last) {
        List<String> ws = new ArrayList<>();
        int width = 0;
        int space = fm.charWidth(' ');
        int limit = last ? (int) (left + (right - left) * (0.2 + random.nextDouble() * 0.6)) : right;
        while (true) {
            String word = word();
            int ww = fm.stringWidth(word);
            if (left + width + ww > limit) {
                break;
            }
            ws.add(word);
            width += ww + space;
        }
        if (ws.isEmpty()) {
            return;
        }
        double extra = last || ws.size() < 2 ? 0 : (double) (right - left - (width - space)) / (ws.size() - 1);
        double x = left;
        for (String word : ws) {
            g.drawString(word, (float) x, y);
            x += fm.stringWidth(word) + space + extra;
        }
    }

    private int centred(Graphics2D g, Font font, Color ink, String text, int left, int right, int y) {
        g.setFont(font);
        g.setColor(ink);
        FontMetrics fm = g.getFontMetrics();
        while (fm.stringWidth(text) > right - left && text.contains(" ")) {
            text = text.substring(0, text.lastIndexOf(' '));
        }
        g.drawString(text, (left + right - fm.stringWidth(text)) / 2, y + fm.getAscent());
        return y + fm.getHeight();
    }

    private String word() {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            b.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        if (random.nextDouble() < 0.08) {
            b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
        }
        if (random.nextDouble() < 0.1) {
            b.append(random.nextBoolean() ? "," : ".");
        }
        return b.toString();
    }

    private String words(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(word().replaceAll("[,.]", ""));
        }
        return b.toString();
    }

    private void illustratedPage(Graphics2D g, Style style, Kind kind, int left, int top, int right, int bottom,
            List<Detection> truth) {
        int textWidth = right - left;
        int textHeight = bottom - top;
        int captionSpace = (int) (style.size * 3.2);
        double layout = random.nextDouble();
        if (layout < 0.3) { // a plate: one illustration, a caption, little else
            int iw = (int) (textWidth * (0.6 + random.nextDouble() * 0.4));
            int ih = Math.min((int) (iw * (0.55 + random.nextDouble() * 0.8)), textHeight - captionSpace * 2);
            int x = left + (textWidth - iw) / 2;
            int y = top + (textHeight - ih - captionSpace) / 2;
            illustration(g, kind, x, y, iw, ih, truth);
            caption(g, style, left, right, y + ih);
        } else if (layout < 0.65) { // between paragraphs
            int iw = (int) (textWidth * (0.45 + random.nextDouble() * 0.55));
            int ih = (int) (textHeight * (0.22 + random.nextDouble() * 0.25));
            int above = (int) ((textHeight - ih - captionSpace) * random.nextDouble() * 0.8);
            int y = above < style.size * 3 ? top : paragraphs(g, style, left, top, right, top + above) + (int) style.size;
            int x = left + (textWidth - iw) / 2;
            illustration(g, kind, x, y, iw, ih, truth);
            int below = caption(g, style, left, right, y + ih) + (int) style.size;
            paragraphs(g, style, left, below, right, bottom);
        } else if (layout < 0.85) { // two illustrations, stacked or side by side
            boolean side = random.nextBoolean();
            int gap = (int) (style.size * 2);
            if (side) {
                int iw = (textWidth - gap) / 2;
                int ih = (int) (iw * (0.7 + random.nextDouble() * 0.6));
                int y = top + (int) ((textHeight - ih - captionSpace) * random.nextDouble());
                illustration(g, kind, left, y, iw, ih, truth);
                illustration(g, kind, left + iw + gap, y, iw, ih, truth);
                caption(g, style, left, left + iw, y + ih);
                caption(g, style, left + iw + gap, right, y + ih);
            } else {
                int ih = (textHeight - 2 * captionSpace - gap) / 2;
                int iw = Math.min(textWidth, (int) (ih * (1.0 + random.nextDouble() * 0.6)));
                int x = left + (textWidth - iw) / 2;
                illustration(g, kind, x, top, iw, ih, truth);
                int y2 = caption(g, style, left, right, top + ih) + gap;
                illustration(g, kind, x, y2, iw, ih, truth);
                caption(g, style, left, right, y2 + ih);
            }
        } else { // text wrapped beside an illustration
            int gap = (int) (style.size * 1.5);
            int iw = (int) (textWidth * (0.38 + random.nextDouble() * 0.17));
            int ih = (int) (iw * (0.8 + random.nextDouble() * 0.7));
            int y = top + (int) ((textHeight - ih - captionSpace) * random.nextDouble() * 0.6);
            boolean onLeft = random.nextBoolean();
            int x = onLeft ? left : right - iw;
            illustration(g, kind, x, y, iw, ih, truth);
            int captionBottom = caption(g, style, x, x + iw, y + ih);
            if (y > top + style.size * 3) {
                paragraphs(g, style, left, top, right, y - (int) style.size);
            }
            paragraphs(g, style, onLeft ? x + iw + gap : left, y, onLeft ? right : x - gap, captionBottom);
            paragraphs(g, style, left, captionBottom + (int) style.size, right, bottom);
        }
    }

    /** A caption in a smaller (often italic) face, centred under the illustration; answers the y below it. */
    private int caption(Graphics2D g, Style style, int left, int right, int y) {
        Font font = style.font.deriveFont(random.nextBoolean() ? Font.ITALIC : Font.PLAIN, style.size * 0.85f);
        String text = (random.nextBoolean() ? "Fig. " + (1 + random.nextInt(120)) + ". " : "") + words(2 + random.nextInt(6));
        return centred(g, font, style.ink, text, left, right, y + (int) (style.size * 0.6));
    }

    private void illustration(Graphics2D page, Kind kind, int x, int y, int w, int h, List<Detection> truth) {
        BufferedImage art = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double[] tone = switch (kind) {
            case PHOTOGRAPH, ENGRAVING -> toneField(w, h);
            default -> null;
        };
        switch (kind) {
            case PHOTOGRAPH -> photograph(art, tone);
            case ENGRAVING -> engraving(art, tone);
            default -> lineDrawing(art);
        }
        if (kind != Kind.LINE_DRAWING && random.nextDouble() < 0.3) {
            vignette(art); // a soft oval edge fading to paper, as many plates and engravings have
        }
        boolean frame = kind != Kind.PHOTOGRAPH && random.nextDouble() < 0.3;
        if (frame) {
            Graphics2D g = art.createGraphics();
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f + random.nextFloat() * 2));
            g.drawRect(1, 1, w - 3, h - 3);
            g.dispose();
        }
        // Ink multiplies onto the page; the true box is the box of what was inked.
        int[] a = ((DataBufferInt) art.getRaster().getDataBuffer()).getData();
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int v = a[j * w + i] & 0xff;
                if (v < 200) {
                    minX = Math.min(minX, i);
                    maxX = Math.max(maxX, i);
                    minY = Math.min(minY, j);
                    maxY = Math.max(maxY, j);
                }
            }
        }
        page.drawImage(art, x, y, null);
        if (maxX >= minX) {
            truth.add(new Detection(x + minX, y + minY, maxX - minX + 1, maxY - minY + 1, 1f, 0, kind.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private void vignette(BufferedImage art) {
        int w = art.getWidth();
        int h = art.getHeight();
        int[] px = ((DataBufferInt) art.getRaster().getDataBuffer()).getData();
        double inner = 0.55 + random.nextDouble() * 0.25;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double dx = (i - w / 2.0) / (w / 2.0);
                double dy = (j - h / 2.0) / (h / 2.0);
                double r = Math.sqrt(dx * dx + dy * dy);
                double fade = Math.max(0, Math.min(1, (r - inner) / (1 - inner)));
                if (fade > 0 && random.nextDouble() < fade) {
                    px[j * w + i] = 0xffffff;
                }
            }
        }
    }

    /** A landscape-like tone field in 0 (black) – 1 (white): sky, hills, dark masses, texture. */
    private double[] toneField(int w, int h) {
        double[] t = new double[w * h];
        double horizon = 0.3 + random.nextDouble() * 0.35;
        double sky = 0.65 + random.nextDouble() * 0.3;
        int hills = 2 + random.nextInt(3);
        double[][] hill = new double[hills][4];
        for (double[] hl : hill) {
            hl[0] = 2 + random.nextDouble() * 6;
            hl[1] = random.nextDouble() * Math.PI * 2;
            hl[2] = 0.03 + random.nextDouble() * 0.08;
            hl[3] = 0.15 + random.nextDouble() * 0.5;
        }
        int blobs = 3 + random.nextInt(8);
        double[][] blob = new double[blobs][4];
        for (double[] b : blob) {
            b[0] = random.nextDouble() * w;
            b[1] = (horizon + random.nextDouble() * (1 - horizon)) * h;
            b[2] = (0.04 + random.nextDouble() * 0.15) * w;
            b[3] = 0.3 + random.nextDouble() * 0.6;
        }
        for (int j = 0; j < h; j++) {
            double fy = (double) j / h;
            for (int i = 0; i < w; i++) {
                double fx = (double) i / w;
                double v = sky - 0.15 * (1 - fy);
                for (int k = 0; k < hills; k++) {
                    double edge = horizon + hill[k][2] * Math.sin(fx * hill[k][0] + hill[k][1]) + k * 0.08;
                    if (fy > edge) {
                        v = Math.min(v, hill[k][3] + 0.2 * (fy - edge));
                    }
                }
                for (double[] b : blob) {
                    double dx = (i - b[0]) / b[2];
                    double dy = (j - b[1]) / (b[2] * 1.3);
                    double d = dx * dx + dy * dy;
                    if (d < 1) {
                        v = Math.min(v, b[3] * (0.7 + 0.3 * d));
                    }
                }
                v += 0.05 * Math.sin(i * 0.21 + j * 0.13) * Math.sin(j * 0.17);
                t[j * w + i] = Math.max(0.03, Math.min(0.97, v));
            }
        }
        return t;
    }

    private void photograph(BufferedImage art, double[] tone) {
        int w = art.getWidth();
        int h = art.getHeight();
        int[] px = ((DataBufferInt) art.getRaster().getDataBuffer()).getData();
        boolean halftone = random.nextBoolean();
        double cell = 3 + random.nextDouble() * 3;
        double gamma = 0.8 + random.nextDouble() * 0.6;
        double ceiling = 0.72 + random.nextDouble() * 0.15; // photographs are rarely paper-white anywhere
        // A faded print: its darkest tone a mid grey, its lightest near the paper.
        double floor = !halftone && random.nextDouble() < 0.3 ? 0.4 + random.nextDouble() * 0.15 : 0;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double v = floor + (1 - floor) * Math.pow(tone[j * w + i], gamma) * ceiling + random.nextGaussian() * 0.02;
                int level;
                if (halftone) {
                    // A 45° dot screen: ink where the dot function is above the local tone.
                    double u = (i + j) / (cell * Math.sqrt(2));
                    double s = (i - j) / (cell * Math.sqrt(2));
                    double dot = (Math.cos(2 * Math.PI * u) + Math.cos(2 * Math.PI * s)) / 4 + 0.5;
                    level = dot > v ? 25 : 235;
                } else {
                    level = (int) Math.max(0, Math.min(255, v * 255));
                }
                px[j * w + i] = level << 16 | level << 8 | level;
            }
        }
    }

    private void engraving(BufferedImage art, double[] tone) {
        int w = art.getWidth();
        int h = art.getHeight();
        int[] px = ((DataBufferInt) art.getRaster().getDataBuffer()).getData();
        double spacing = 3 + random.nextDouble() * 2.5;
        double a1 = random.nextDouble() * Math.PI;
        double a2 = a1 + Math.PI / 2 + (random.nextDouble() - 0.5) * 0.6;
        double c1 = Math.cos(a1);
        double s1 = Math.sin(a1);
        double c2 = Math.cos(a2);
        double s2 = Math.sin(a2);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double v = tone[j * w + i];
                double wobble = 0.6 * Math.sin(i * 0.05 + j * 0.031);
                double d1 = frac((i * c1 + j * s1 + wobble) / spacing);
                double d2 = frac((i * c2 + j * s2) / spacing);
                // Line half-width grows with darkness; the cross-hatching comes in the dark half.
                boolean ink = Math.abs(d1 - 0.5) < (1 - v) * 0.55 || (v < 0.45 && Math.abs(d2 - 0.5) < (0.45 - v) * 0.9);
                int level = ink ? 20 : 255;
                px[j * w + i] = level << 16 | level << 8 | level;
            }
        }
    }

    private static double frac(double v) {
        return v - Math.floor(v);
    }

    /** Strokes on white: a horizon, hills, a building, trees, a figure's curves; much of it left blank. */
    private void lineDrawing(BufferedImage art) {
        int w = art.getWidth();
        int h = art.getHeight();
        Graphics2D g = art.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        // Pen and ink, or a pencil's grey, finer.
        boolean pencil = random.nextDouble() < 0.3;
        int grey = pencil ? 100 + random.nextInt(50) : 15;
        g.setColor(new Color(grey, grey, grey));
        float stroke = pencil ? 1.0f + random.nextFloat() * 0.6f : 1.2f + random.nextFloat() * 1.6f;
        g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        // The drawing reaches near its box's sides, as drawings mostly do; the interior is sparse.
        double horizon = h * (0.45 + random.nextDouble() * 0.25);
        for (int k = 0; k < 2 + random.nextInt(3); k++) {
            Path2D path = new Path2D.Double();
            double base = horizon + k * h * 0.08;
            path.moveTo(w * 0.02, base);
            for (double x = 0; x <= w * 0.98; x += w / 20.0) {
                path.lineTo(Math.max(w * 0.02, x), base + Math.sin(x * 0.02 + k) * h * 0.05 + random.nextGaussian() * 2);
            }
            g.draw(path);
        }
        for (int k = 0; k < 3 + random.nextInt(6); k++) { // trees: trunk and a scribbled crown
            double tx = w * (0.05 + random.nextDouble() * 0.9);
            double ty = horizon + random.nextDouble() * h * 0.2;
            double th = h * (0.15 + random.nextDouble() * 0.3);
            g.draw(new java.awt.geom.Line2D.Double(tx, ty, tx, ty - th));
            for (int s = 0; s < 8; s++) {
                double r = th * 0.3;
                g.draw(new java.awt.geom.Ellipse2D.Double(tx - r + random.nextGaussian() * r * 0.3,
                        ty - th - r + random.nextGaussian() * r * 0.3, r * (1 + random.nextDouble()), r * (0.8 + random.nextDouble())));
            }
        }
        if (random.nextBoolean()) { // a building
            double bw = w * (0.15 + random.nextDouble() * 0.2);
            double bh = h * (0.15 + random.nextDouble() * 0.2);
            double bx = w * (0.1 + random.nextDouble() * 0.6);
            double by = horizon - bh;
            g.draw(new java.awt.geom.Rectangle2D.Double(bx, by, bw, bh));
            Path2D roof = new Path2D.Double();
            roof.moveTo(bx - bw * 0.1, by);
            roof.lineTo(bx + bw / 2, by - bh * 0.6);
            roof.lineTo(bx + bw * 1.1, by);
            g.draw(roof);
            g.draw(new java.awt.geom.Rectangle2D.Double(bx + bw * 0.4, by + bh * 0.5, bw * 0.2, bh * 0.5));
        }
        for (int k = 0; k < 4 + random.nextInt(6); k++) { // free curves, some reaching the top (clouds, birds, branches)
            g.draw(new CubicCurve2D.Double(rx(w), ry(h), rx(w), ry(h), rx(w), ry(h), rx(w), ry(h)));
        }
        if (random.nextBoolean()) { // short shading strokes
            for (int k = 0; k < 40; k++) {
                double sx = rx(w);
                double sy = horizon + random.nextDouble() * (h * 0.95 - horizon);
                g.draw(new java.awt.geom.Line2D.Double(sx, sy, sx + 8 + random.nextDouble() * 12, sy - 2));
            }
        }
        g.dispose();
    }

    private double rx(int w) {
        return w * (0.02 + random.nextDouble() * 0.96);
    }

    private double ry(int h) {
        return h * (0.02 + random.nextDouble() * 0.96);
    }

    /** What scanning adds: paper tone, uneven light, grain, a slight skew, JPEG artefacts. */
    private Page scanned(BufferedImage clean, List<Detection> truth, Kind kind) {
        int w = clean.getWidth();
        int h = clean.getHeight();
        int pr = 222 + random.nextInt(30);
        int pg = pr - 3 - random.nextInt(10);
        int pb = pg - 6 - random.nextInt(24);
        double angle = Math.toRadians((random.nextDouble() - 0.5) * 2.4);
        BufferedImage skewed = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = skewed.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform rotation = AffineTransform.getRotateInstance(angle, w / 2.0, h / 2.0);
        g.drawImage(clean, rotation, null);
        g.dispose();
        int[] px = ((DataBufferInt) skewed.getRaster().getDataBuffer()).getData();
        if (random.nextDouble() < 0.3) { // show-through: the other side's text, mirrored and faint
            BufferedImage verso = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D v = verso.createGraphics();
            v.setColor(Color.WHITE);
            v.fillRect(0, 0, w, h);
            v.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Style style = style(w);
            paragraphs(v, style, (int) (w * 0.1), (int) (h * 0.08), (int) (w * 0.9), (int) (h * 0.92));
            v.dispose();
            int[] vp = ((DataBufferInt) verso.getRaster().getDataBuffer()).getData();
            double contrast = 0.04 + random.nextDouble() * 0.08;
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    int darkness = 255 - (vp[j * w + (w - 1 - i)] & 0xff);
                    int p = px[j * w + i];
                    int d = (int) (darkness * contrast);
                    px[j * w + i] = clamp(((p >> 16) & 0xff) - d) << 16 | clamp(((p >> 8) & 0xff) - d) << 8 | clamp((p & 0xff) - d);
                }
            }
        }
        double light = random.nextDouble() * 0.12;
        double lightAngle = random.nextDouble() * Math.PI * 2;
        int grain = 3 + random.nextInt(8);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int p = px[j * w + i];
                double shade = 1 - light * (0.5 + 0.5 * Math.cos(lightAngle + (double) i / w * 2 + (double) j / h));
                double n = random.nextGaussian() * grain;
                int r = (int) (((p >> 16) & 0xff) / 255.0 * pr * shade + n);
                int gg = (int) (((p >> 8) & 0xff) / 255.0 * pg * shade + n);
                int b = (int) ((p & 0xff) / 255.0 * pb * shade + n);
                px[j * w + i] = clamp(r) << 16 | clamp(gg) << 8 | clamp(b);
            }
        }
        if (random.nextDouble() < 0.3) { // the gutter's shadow along one side
            boolean leftSide = random.nextBoolean();
            int width = (int) (w * (0.03 + random.nextDouble() * 0.05));
            for (int j = 0; j < h; j++) {
                for (int k = 0; k < width; k++) {
                    int i = leftSide ? k : w - 1 - k;
                    double f = 0.55 + 0.45 * k / width;
                    int p = px[j * w + i];
                    px[j * w + i] = (int) (((p >> 16) & 0xff) * f) << 16 | (int) (((p >> 8) & 0xff) * f) << 8 | (int) ((p & 0xff) * f);
                }
            }
        }
        if (random.nextDouble() < 0.25) { // the scanner's dark background beyond the page's edge
            int edges = 1 + random.nextInt(2);
            for (int e = 0; e < edges; e++) {
                int side = random.nextInt(4);
                int depth = 6 + random.nextInt(30);
                int level = 10 + random.nextInt(40);
                for (int j = 0; j < h; j++) {
                    for (int i = 0; i < w; i++) {
                        boolean in = switch (side) {
                            case 0 -> i < depth;
                            case 1 -> i >= w - depth;
                            case 2 -> j < depth;
                            default -> j >= h - depth;
                        };
                        if (in) {
                            px[j * w + i] = level << 16 | level << 8 | level;
                        }
                    }
                }
            }
        }
        List<Detection> skewedTruth = new ArrayList<>();
        for (Detection t : truth) {
            double minX = Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (double[] c : new double[][] {{t.x(), t.y()}, {t.x() + t.width(), t.y()}, {t.x(), t.y() + t.height()},
                {t.x() + t.width(), t.y() + t.height()}}) {
                Point2D p = rotation.transform(new Point2D.Double(c[0], c[1]), null);
                minX = Math.min(minX, p.getX());
                minY = Math.min(minY, p.getY());
                maxX = Math.max(maxX, p.getX());
                maxY = Math.max(maxY, p.getY());
            }
            skewedTruth.add(new Detection(minX, minY, maxX - minX, maxY - minY, 1f, 0, t.label()));
        }
        byte[] jpeg = jpeg(skewed, 0.55f + random.nextFloat() * 0.35f);
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
            return new Page(decoded, jpeg, List.copyOf(skewedTruth), kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
