package org.iiifml.inference.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * CIE L*a*b* (D65) of sRGB colours against published reference values (Lindbloom's calculator and the
 * CIE tables give these to two decimals), the tables against the formulas, and the way back.
 */
class LabTest {

    private static void lab(int rgb, double l, double a, double b) {
        double[] lab = Lab.of(rgb);
        assertThat(lab[0]).as("L* of %06x", rgb).isCloseTo(l, within(0.02));
        assertThat(lab[1]).as("a* of %06x", rgb).isCloseTo(a, within(0.02));
        assertThat(lab[2]).as("b* of %06x", rgb).isCloseTo(b, within(0.02));
    }

    @Test
    void sRgbPrimariesAndGreysHaveTheirPublishedLab() {
        lab(0xffffff, 100.00, 0.00, 0.00);
        lab(0x000000, 0.00, 0.00, 0.00);
        lab(0xff0000, 53.24, 80.09, 67.20);
        lab(0x00ff00, 87.73, -86.18, 83.18);
        lab(0x0000ff, 32.30, 79.19, -107.86);
        lab(0x808080, 53.59, 0.00, 0.00);
        lab(0xffff00, 97.14, -21.55, 94.48);
    }

    @Test
    void theLightnessTableAgreesWithTheFormula() {
        for (int rgb : new int[] {0x000000, 0x010101, 0x0a0a0a, 0x7f7f7f, 0xc89664, 0x123456, 0xffffff, 0xff0000}) {
            assertThat((double) Lab.lightness(rgb)).as("%06x", rgb).isCloseTo(Lab.of(rgb)[0], within(0.02));
        }
    }

    /** Every 8-bit colour of a coarse grid comes back within one level from its Lab. */
    @Test
    void labGoesBackToTheSameColour() {
        for (int r = 0; r < 256; r += 15) {
            for (int g = 0; g < 256; g += 15) {
                for (int b = 0; b < 256; b += 15) {
                    int rgb = r << 16 | g << 8 | b;
                    double[] lab = Lab.of(rgb);
                    int back = Lab.rgb((float) lab[0], (float) lab[1], (float) lab[2]);
                    assertThat(Math.abs(((back >> 16) & 0xff) - r)).as("%06x", rgb).isLessThanOrEqualTo(1);
                    assertThat(Math.abs(((back >> 8) & 0xff) - g)).as("%06x", rgb).isLessThanOrEqualTo(1);
                    assertThat(Math.abs((back & 0xff) - b)).as("%06x", rgb).isLessThanOrEqualTo(1);
                }
            }
        }
    }

    @Test
    void outOfGamutLabIsClippedChannelByChannel() {
        // L* 50 with a* 120 lies outside sRGB: red clips at 255, green and blue at 0.
        int rgb = Lab.rgb(50, 120, 0);
        assertThat((rgb >> 16) & 0xff).isEqualTo(255);
        assertThat((rgb >> 8) & 0xff).isZero();
    }
}
