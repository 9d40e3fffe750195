package org.iiifml.inference.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching at IoU 0.5, counted by hand. */
class DetectionMetricsTest {

    static Detection box(double x, double y, double w, double h, float score) {
        return new Detection(x, y, w, h, score, 0, "illustration");
    }

    @Test
    void eachTrueRegionIsMatchedOnceBestScoreFirst() {
        List<Detection> truth = List.of(box(0, 0, 100, 100, 1), box(200, 200, 50, 50, 1), box(400, 0, 10, 10, 1));
        List<Detection> detected = List.of(
                box(0, 0, 100, 80, 0.9f),     // IoU 0.8 with the first region: a hit
                box(0, 0, 100, 90, 0.5f),     // the same region again, lower score: a false positive
                box(200, 200, 50, 20, 0.8f),  // IoU 0.4 with the second: below 0.5, a false positive
                box(600, 600, 30, 30, 0.7f)); // nothing there

        DetectionMetrics m = DetectionMetrics.of(detected, truth, 0.5);

        assertThat(m.truePositives()).isEqualTo(1);
        assertThat(m.falsePositives()).isEqualTo(3);
        assertThat(m.falseNegatives()).isEqualTo(2);
        assertThat(m.precision()).isCloseTo(0.25, within(1e-9));
        assertThat(m.recall()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(m.f1()).isCloseTo(2 * 0.25 * (1 / 3.0) / (0.25 + 1 / 3.0), within(1e-9));
        assertThat(m.meanIou()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void countsAddUpOverPagesAndEmptyPagesAreNotPunished() {
        DetectionMetrics text = DetectionMetrics.of(List.of(), List.of(), 0.5);
        assertThat(text.precision()).isEqualTo(1);
        assertThat(text.recall()).isEqualTo(1);
        DetectionMetrics falseAlarm = DetectionMetrics.of(List.of(box(0, 0, 10, 10, 0.9f)), List.of(), 0.5);
        DetectionMetrics total = DetectionMetrics.NONE.plus(text).plus(falseAlarm)
                .plus(DetectionMetrics.of(List.of(box(0, 0, 10, 10, 0.9f)), List.of(box(0, 0, 10, 10, 1)), 0.5));
        assertThat(total.truePositives()).isEqualTo(1);
        assertThat(total.falsePositives()).isEqualTo(1);
        assertThat(total.precision()).isCloseTo(0.5, within(1e-9));
        assertThat(total.meanIou()).isCloseTo(1, within(1e-9));
    }
}
