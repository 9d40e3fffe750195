package org.iiifml.colorizer.color;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 313 ab bins of the colorization/lab contract's {@code ab-bins} output (Zhang et al.'s quantised
 * sRGB gamut, shipped as {@code colorization/ab-gamut-313.csv} with its source), and their decoding to one
 * ab value by the annealed mean: the scores sharpened at temperature T (0.38 in the paper), then the
 * bins' ab values averaged by them.
 */
public final class AbGamut {

    public static final int BINS = 313;
    private static final float[][] POINTS = load();

    private AbGamut() {
    }

    /** The bin centres, a then b, in output order. */
    public static float[][] points() {
        return new float[][] {POINTS[0].clone(), POINTS[1].clone()};
    }

    /**
     * Decodes every position of a [313, positions] score map into ab.
     *
     * @param scores channel-major: bin k of position i at {@code k * positions + i}
     * @param logits whether the scores are logits (else probabilities)
     * @return {a, b}, each {@code positions} long
     */
    public static float[][] decode(float[] scores, int positions, double temperature, boolean logits) {
        if (scores.length != BINS * positions) {
            throw new IllegalArgumentException("expected " + BINS + " × " + positions + " scores, got " + scores.length);
        }
        float[] a = new float[positions];
        float[] b = new float[positions];
        double[] weight = new double[BINS];
        for (int i = 0; i < positions; i++) {
            // Annealed mean: softmax(logit / T), or p^(1/T) renormalised; the same for p = softmax(logit).
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < BINS; k++) {
                double s = scores[k * positions + i];
                weight[k] = logits ? s / temperature : Math.log(Math.max(s, 1e-12)) / temperature;
                max = Math.max(max, weight[k]);
            }
            double total = 0;
            double sa = 0;
            double sb = 0;
            for (int k = 0; k < BINS; k++) {
                double w = Math.exp(weight[k] - max);
                total += w;
                sa += w * POINTS[0][k];
                sb += w * POINTS[1][k];
            }
            a[i] = (float) (sa / total);
            b[i] = (float) (sb / total);
        }
        return new float[][] {a, b};
    }

    private static float[][] load() {
        try (InputStream in = AbGamut.class.getResourceAsStream("/colorization/ab-gamut-313.csv")) {
            if (in == null) {
                throw new IllegalStateException("colorization/ab-gamut-313.csv is missing from the classpath");
            }
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines().skip(1)
                    .filter(l -> !l.isBlank()).toList();
            if (lines.size() != BINS) {
                throw new IllegalStateException("the ab gamut has " + lines.size() + " points, not " + BINS);
            }
            float[][] points = new float[2][BINS];
            for (int k = 0; k < BINS; k++) {
                String[] ab = lines.get(k).split(",");
                points[0][k] = Float.parseFloat(ab[0]);
                points[1][k] = Float.parseFloat(ab[1]);
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
