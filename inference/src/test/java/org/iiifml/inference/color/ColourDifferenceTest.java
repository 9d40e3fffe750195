package org.iiifml.inference.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ColourDifferenceTest {

    /** Pairs from Sharma, Wu and Dalal's supplementary test data, with their published ΔE00 (4 decimals). */
    @Test
    void ciede2000MatchesSharmasTestData() {
        double[][] pairs = {
                {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
                {50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615},
                {50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412},
                {50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
                {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
                {50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977},
                {50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000},
        };
        for (double[] p : pairs) {
            assertThat(ColourDifference.ciede2000(p[0], p[1], p[2], p[3], p[4], p[5])).as(Arrays.toString(p)).isCloseTo(p[6], within(1e-4));
            assertThat(ColourDifference.ciede2000(p[3], p[4], p[5], p[0], p[1], p[2])).as("symmetric").isCloseTo(p[6], within(1e-4));
        }
        assertThat(ColourDifference.ciede2000(60, 10, -20, 60, 10, -20)).isZero();
    }

    /**
     * Grey has none; half pure red and half pure green (rg = ±255, yb = 127.5): σrg = 255, σyb = 0, μrg = 0,
     * μyb = 127.5, so M = 255 + 0.3 × 127.5 = 293.25.
     */
    @Test
    void colourfulnessIsZeroForGreyAndWorkedOutForRedAndGreen() {
        int[] grey = new int[100];
        Arrays.fill(grey, 0x808080);
        assertThat(ColourDifference.colourfulness(grey)).isZero();
        int[] redGreen = new int[100];
        Arrays.fill(redGreen, 0, 50, 0xff0000);
        Arrays.fill(redGreen, 50, 100, 0x00ff00);
        assertThat(ColourDifference.colourfulness(redGreen)).isCloseTo(293.25, within(1e-6));
    }
}
