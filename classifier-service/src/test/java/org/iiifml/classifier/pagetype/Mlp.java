package org.iiifml.classifier.pagetype;

import java.util.List;
import java.util.Random;

/**
 * The trained part of the page-type model: features → 32 ReLU units → one logit per label, fitted with
 * mini-batch SGD with momentum and weight decay on softmax cross-entropy. Plain Java in double precision,
 * one thread, every random draw from the seed: the same recipe gives the same weights.
 */
final class Mlp {

    private static final int BATCH = 32;
    private static final double RATE = 0.05;
    private static final double MOMENTUM = 0.9;
    private static final double DECAY = 1e-4;

    private final int in = PageTypeModel.FEATURES;
    private final int hidden = PageTypeModel.HIDDEN;
    private final int out = PageTypeModel.LABELS.size();
    private final double[] w1 = new double[hidden * in];
    private final double[] b1 = new double[hidden];
    private final double[] w2 = new double[out * hidden];
    private final double[] b2 = new double[out];

    Mlp(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < w1.length; i++) {
            w1[i] = random.nextGaussian() * Math.sqrt(2.0 / in);
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = random.nextGaussian() * Math.sqrt(1.0 / hidden);
        }
    }

    void fit(double[][] x, List<Integer> labels, int epochs, Random shuffle) {
        double[] vw1 = new double[w1.length];
        double[] vb1 = new double[b1.length];
        double[] vw2 = new double[w2.length];
        double[] vb2 = new double[b2.length];
        int n = x.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] h = new double[hidden];
        double[] p = new double[out];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                double[] gw1 = new double[w1.length];
                double[] gb1 = new double[b1.length];
                double[] gw2 = new double[w2.length];
                double[] gb2 = new double[b2.length];
                for (int s = start; s < end; s++) {
                    double[] xi = x[order[s]];
                    int y = labels.get(order[s]);
                    forward(xi, h, p);
                    double[] dh = new double[hidden];
                    for (int k = 0; k < out; k++) {
                        double d = p[k] - (k == y ? 1 : 0);
                        gb2[k] += d;
                        for (int u = 0; u < hidden; u++) {
                            gw2[k * hidden + u] += d * h[u];
                            dh[u] += d * w2[k * hidden + u];
                        }
                    }
                    for (int u = 0; u < hidden; u++) {
                        if (h[u] <= 0) {
                            continue;
                        }
                        gb1[u] += dh[u];
                        for (int j = 0; j < in; j++) {
                            gw1[u * in + j] += dh[u] * xi[j];
                        }
                    }
                }
                double scale = 1.0 / (end - start);
                step(w1, gw1, vw1, scale, true);
                step(b1, gb1, vb1, scale, false);
                step(w2, gw2, vw2, scale, true);
                step(b2, gb2, vb2, scale, false);
            }
        }
    }

    private static void step(double[] w, double[] g, double[] v, double scale, boolean decay) {
        for (int i = 0; i < w.length; i++) {
            double grad = g[i] * scale + (decay ? DECAY * w[i] : 0);
            v[i] = MOMENTUM * v[i] - RATE * grad;
            w[i] += v[i];
        }
    }

    private void forward(double[] x, double[] h, double[] p) {
        for (int u = 0; u < hidden; u++) {
            double s = b1[u];
            for (int j = 0; j < in; j++) {
                s += w1[u * in + j] * x[j];
            }
            h[u] = Math.max(0, s);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < out; k++) {
            double s = b2[k];
            for (int u = 0; u < hidden; u++) {
                s += w2[k * hidden + u] * h[u];
            }
            p[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < out; k++) {
            p[k] = Math.exp(p[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < out; k++) {
            p[k] /= sum;
        }
    }

    float[] w1() {
        return floats(w1);
    }

    float[] b1() {
        return floats(b1);
    }

    float[] w2() {
        return floats(w2);
    }

    float[] b2() {
        return floats(b2);
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
