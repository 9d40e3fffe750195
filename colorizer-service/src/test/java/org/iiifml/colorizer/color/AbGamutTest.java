package org.iiifml.colorizer.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AbGamutTest {

    /** The shipped points are the 313 bin centres of the 10-unit ab grid, each once, within ±110. */
    @Test
    void theGamutIs313DistinctBinCentres() {
        float[][] p = AbGamut.points();
        assertThat(p[0]).hasSize(313);
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < 313; k++) {
            assertThat(p[0][k] % 10).isZero();
            assertThat(p[1][k] % 10).isZero();
            assertThat(Math.abs(p[0][k])).isLessThanOrEqualTo(110);
            assertThat(Math.abs(p[1][k])).isLessThanOrEqualTo(110);
            assertThat(seen.add(p[0][k] + "," + p[1][k])).isTrue();
        }
        // The neutral bin is there, and the first is (-90, 50) as in pts_in_hull.npy.
        assertThat(seen).contains("0.0,0.0");
        assertThat(p[0][0]).isEqualTo(-90);
        assertThat(p[1][0]).isEqualTo(50);
    }

    /**
     * Two bins with probabilities 0.6 and 0.4 at T = 0.38: weights 0.6^(1/0.38) = 0.2607 and
     * 0.4^(1/0.38) = 0.0897, i.e. 0.744 and 0.256 once normalised; the mean of the two bins by those.
     */
    @Test
    void theAnnealedMeanSharpensTheScoresBeforeAveraging() {
        float[][] p = AbGamut.points();
        int first = 0;
        int second = 1;
        float[] scores = new float[313];
        scores[first] = 0.6f;
        scores[second] = 0.4f;
        float[][] ab = AbGamut.decode(scores, 1, 0.38, false);
        double w0 = Math.pow(0.6, 1 / 0.38);
        double w1 = Math.pow(0.4, 1 / 0.38);
        double expectedA = (w0 * p[0][first] + w1 * p[0][second]) / (w0 + w1);
        double expectedB = (w0 * p[1][first] + w1 * p[1][second]) / (w0 + w1);
        assertThat(w0 / (w0 + w1)).isCloseTo(0.744, within(0.001));
        assertThat((double) ab[0][0]).isCloseTo(expectedA, within(0.01));
        assertThat((double) ab[1][0]).isCloseTo(expectedB, within(0.01));
        // The same scores as logits of those probabilities give the same answer.
        float[] logits = new float[313];
        java.util.Arrays.fill(logits, -1000f);
        logits[first] = (float) Math.log(0.6);
        logits[second] = (float) Math.log(0.4);
        float[][] fromLogits = AbGamut.decode(logits, 1, 0.38, true);
        assertThat(fromLogits[0][0]).isCloseTo(ab[0][0], within(0.01f));
        assertThat(fromLogits[1][0]).isCloseTo(ab[1][0], within(0.01f));
    }

    /** Positions are decoded independently: channel-major scores of two positions. */
    @Test
    void eachPositionIsDecodedOnItsOwn() {
        float[][] p = AbGamut.points();
        float[] scores = new float[313 * 2];
        scores[5 * 2] = 20;      // bin 5 at position 0
        scores[200 * 2 + 1] = 20; // bin 200 at position 1
        float[][] ab = AbGamut.decode(scores, 2, 0.38, true);
        assertThat(ab[0][0]).isCloseTo(p[0][5], within(0.01f));
        assertThat(ab[1][1]).isCloseTo(p[1][200], within(0.01f));
    }
}
