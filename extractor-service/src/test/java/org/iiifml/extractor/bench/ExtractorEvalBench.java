package org.iiifml.extractor.bench;

import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iiifml.extractor.detect.TextMaskDetector;
import org.iiifml.extractor.evaluation.BookPageGenerator;
import org.iiifml.extractor.evaluation.BookPageGenerator.Kind;
import org.iiifml.inference.detection.Detection;
import org.iiifml.inference.detection.DetectionMetrics;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bench.sh extractor-eval}: the built-in detector on synthetic book pages with known boxes.
 * Precision, recall and F1 at IoU 0.5 and the mean IoU of the matches, per illustration kind, and false
 * detections per text-only page. The held-out set's seed is fixed here and used for nothing else; tuning
 * uses {@code -Dextractor.eval.seed=<another>}.
 */
class ExtractorEvalBench {

    /** The held-out set. Never tune on it. */
    static final long HELD_OUT_SEED = 20261124L;

    @Test
    void evaluate() throws Exception {
        long seed = Long.getLong("extractor.eval.seed", HELD_OUT_SEED);
        int pages = Integer.getInteger("extractor.eval.pages", 40);
        int size = Integer.getInteger("extractor.eval.input-size", 1024);
        byte[] onnx;
        try (InputStream in = TextMaskDetector.class.getResourceAsStream("/models/ch_PP-OCRv4_det_infer.onnx")) {
            onnx = in.readAllBytes();
        }
        try (OnnxModel text = OnnxModel.load(onnx, "pp-ocrv4-det", new RuntimeOptions(2, false, "cpu", 0))) {
            TextMaskDetector detector = new TextMaskDetector(text, new TextMaskDetector.Settings(size, 0.3f));
            BookPageGenerator generator = new BookPageGenerator(seed);
            Map<Kind, DetectionMetrics> metrics = new EnumMap<>(Kind.class);
            long nanos = 0;
            int count = 0;
            boolean verbose = Boolean.getBoolean("extractor.eval.verbose");
            for (int i = 0; i < pages; i++) {
                for (Kind kind : Kind.values()) {
                    BookPageGenerator.Page page = generator.page(kind);
                    long start = System.nanoTime();
                    List<Detection> found = detector.detect(page.image(), 0f, "illustration");
                    nanos += System.nanoTime() - start;
                    count++;
                    DetectionMetrics m = DetectionMetrics.of(found, page.truth(), 0.5);
                    metrics.merge(kind, m, DetectionMetrics::plus);
                    if (verbose && (m.falsePositives() > 0 || m.falseNegatives() > 0)) {
                        System.out.printf(Locale.ROOT, "page %d %s truth=%s found=%s%n", i, kind, boxes(page.truth()), boxes(found));
                    }
                    if (System.getProperty("extractor.eval.dump") != null) { // pages to look at while tuning
                        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("extractor.eval.dump"));
                        java.nio.file.Files.createDirectories(dir);
                        java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(page.image().getWidth() / 2,
                                page.image().getHeight() / 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
                        java.awt.Graphics2D g = small.createGraphics();
                        g.drawImage(page.image(), 0, 0, small.getWidth(), small.getHeight(), null);
                        g.setStroke(new java.awt.BasicStroke(2));
                        g.setColor(java.awt.Color.GREEN);
                        page.truth().forEach(t -> g.drawRect((int) t.x() / 2, (int) t.y() / 2, (int) t.width() / 2, (int) t.height() / 2));
                        g.setColor(java.awt.Color.RED);
                        found.forEach(t -> g.drawRect((int) t.x() / 2 + 2, (int) t.y() / 2 + 2, (int) t.width() / 2, (int) t.height() / 2));
                        g.dispose();
                        javax.imageio.ImageIO.write(small, "png", dir.resolve(String.format(Locale.ROOT, "%03d-%s.png", i, kind)).toFile());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "RESULT extractor-eval.seed %d seed%n", seed);
            for (Kind kind : List.of(Kind.PHOTOGRAPH, Kind.LINE_DRAWING, Kind.ENGRAVING)) {
                DetectionMetrics m = metrics.get(kind);
                String k = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
                System.out.printf(Locale.ROOT, "RESULT extractor-eval.%s.precision %.3f ratio%n", k, m.precision());
                System.out.printf(Locale.ROOT, "RESULT extractor-eval.%s.recall %.3f ratio%n", k, m.recall());
                System.out.printf(Locale.ROOT, "RESULT extractor-eval.%s.f1 %.3f ratio%n", k, m.f1());
                System.out.printf(Locale.ROOT, "RESULT extractor-eval.%s.mean-iou %.3f ratio%n", k, m.meanIou());
                System.out.printf(Locale.ROOT, "RESULT extractor-eval.%s.regions %d count%n", k, m.truePositives() + m.falseNegatives());
            }
            DetectionMetrics text0 = metrics.get(Kind.TEXT);
            System.out.printf(Locale.ROOT, "RESULT extractor-eval.text-only.false-detections-per-10-pages %.2f count%n",
                    10.0 * text0.falsePositives() / pages);
            System.out.printf(Locale.ROOT, "RESULT extractor-eval.detect-ms-per-page %.0f ms%n", nanos / 1e6 / count);
        }
    }

    private static String boxes(List<Detection> ds) {
        StringBuilder b = new StringBuilder("[");
        for (Detection d : ds) {
            b.append(String.format(Locale.ROOT, "(%.0f,%.0f,%.0f,%.0f %.2f)", d.x(), d.y(), d.width(), d.height(), d.score()));
        }
        return b.append(']').toString();
    }
}
