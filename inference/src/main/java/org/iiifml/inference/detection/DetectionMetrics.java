package org.iiifml.inference.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How detections compare with the true regions of an image, as detection benchmarks count them: each true
 * region is matched to at most one detection, best score first, when they overlap by at least the IoU
 * threshold; matched detections are true positives, the others false positives, unmatched regions false
 * negatives. Counts add up over images; precision, recall, F1 and the mean IoU of the matches follow.
 */
public record DetectionMetrics(int truePositives, int falsePositives, int falseNegatives, double iouSum) {

    public static final DetectionMetrics NONE = new DetectionMetrics(0, 0, 0, 0);

    /** Compares one image's detections with its true regions (the truth's scores are ignored). */
    public static DetectionMetrics of(List<Detection> detected, List<Detection> truth, double iouThreshold) {
        List<Detection> byScore = new ArrayList<>(detected);
        byScore.sort(Comparator.comparing(Detection::score).reversed());
        boolean[] taken = new boolean[truth.size()];
        int tp = 0;
        double iouSum = 0;
        for (Detection d : byScore) {
            int best = -1;
            double bestIou = iouThreshold;
            for (int t = 0; t < truth.size(); t++) {
                double iou = d.iou(truth.get(t));
                if (!taken[t] && iou >= bestIou) {
                    best = t;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                taken[best] = true;
                tp++;
                iouSum += bestIou;
            }
        }
        return new DetectionMetrics(tp, detected.size() - tp, truth.size() - tp, iouSum);
    }

    public DetectionMetrics plus(DetectionMetrics other) {
        return new DetectionMetrics(truePositives + other.truePositives, falsePositives + other.falsePositives,
                falseNegatives + other.falseNegatives, iouSum + other.iouSum);
    }

    /** Of the detections, the share that are right; 1 when nothing was detected. */
    public double precision() {
        int detected = truePositives + falsePositives;
        return detected == 0 ? 1 : (double) truePositives / detected;
    }

    /** Of the true regions, the share found; 1 when there were none. */
    public double recall() {
        int regions = truePositives + falseNegatives;
        return regions == 0 ? 1 : (double) truePositives / regions;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Mean IoU of the matched pairs; 0 when none matched. */
    public double meanIou() {
        return truePositives == 0 ? 0 : iouSum / truePositives;
    }
}
