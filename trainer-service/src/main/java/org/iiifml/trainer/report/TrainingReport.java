package org.iiifml.trainer.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * What a person looks at while a model trains: the learning curve (an SVG of the training and validation
 * loss per epoch, with the axes' ranges written on it) and the preview grid (a PNG, one row per fixed
 * validation image: the grey input, the model's colours, the original).
 */
public final class TrainingReport {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 48;

    private TrainingReport() {
    }

    /** @param series name → one value per epoch (the same count each); epochs start at 1 */
    public static String curve(String title, java.util.Map<String, List<Double>> series) {
        double max = series.values().stream().flatMap(List::stream).filter(Double::isFinite).mapToDouble(d -> d).max().orElse(1);
        double min = Math.min(0, series.values().stream().flatMap(List::stream).filter(Double::isFinite).mapToDouble(d -> d).min().orElse(0));
        int epochs = series.values().stream().mapToInt(List::size).max().orElse(0);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"%s\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT, escape(title)));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-family=\"sans-serif\" font-size=\"16\">%s</text>%n", MARGIN, escape(title)));
        int x0 = MARGIN;
        int y0 = HEIGHT - MARGIN;
        int x1 = WIDTH - MARGIN / 2;
        int y1 = MARGIN;
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" stroke=\"#333\" fill=\"none\"/>%n", x0, y1, y0, x1));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%.3g</text>%n", y1 + 4, max));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%.3g</text>%n", y0, min));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"11\">epoch 1</text>%n", x0, y0 + 16));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"11\" text-anchor=\"end\">epoch %d</text>%n",
                x1, y0 + 16, Math.max(1, epochs)));
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
        int s = 0;
        for (var entry : series.entrySet()) {
            String colour = colours[s % colours.length];
            StringBuilder path = new StringBuilder();
            List<Double> values = entry.getValue();
            for (int e = 0; e < values.size(); e++) {
                double v = values.get(e);
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = epochs <= 1 ? x0 : x0 + (double) (x1 - x0) * e / (epochs - 1);
                double y = max == min ? y0 : y0 - (y0 - y1) * (v - min) / (max - min);
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"%s\" stroke=\"%s\" stroke-width=\"2\" fill=\"none\"/>%n", path, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"12\" fill=\"%s\">%s</text>%n",
                    x1 - 160, y1 + 16 * (s + 1), colour, escape(entry.getKey())));
            s++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** Rows of grey | model | original, each size × size. */
    public static byte[] previewGrid(List<int[]> grey, List<int[]> predicted, List<int[]> truth, int size) {
        int rows = predicted.size();
        BufferedImage grid = new BufferedImage(3 * size, Math.max(1, rows) * size, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < rows; r++) {
            grid.setRGB(0, r * size, size, size, grey.get(r), 0, size);
            grid.setRGB(size, r * size, size, size, predicted.get(r), 0, size);
            grid.setRGB(2 * size, r * size, size, size, truth.get(r), 0, size);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
