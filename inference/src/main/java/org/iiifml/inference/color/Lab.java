package org.iiifml.inference.color;

/**
 * CIE L*a*b* (D65 white, the sRGB primaries and companding) to and from 8-bit sRGB. Per pixel work uses
 * tables: sRGB to linear by 8-bit value, L* by luminance (65,536 steps of Y), and linear to sRGB by 65,536
 * steps, so that a 12-megapixel image converts without a power function per pixel; the tables agree with
 * the formulas to within 0.02 of L* and half an 8-bit level.
 */
public final class Lab {

    /** D65 white in XYZ (Y = 1), as the sRGB matrix's rows sum. */
    static final double XN = 0.4124564 + 0.3575761 + 0.1804375;
    static final double ZN = 0.0193339 + 0.1191920 + 0.9503041;
    private static final double EPSILON = 216.0 / 24389; // (6/29)^3
    private static final double KAPPA = 24389.0 / 27;    // (29/3)^3

    private static final int STEPS = 65_535;
    private static final float[] TO_LINEAR = new float[256];
    private static final float[] L_OF_Y = new float[STEPS + 1];
    private static final byte[] TO_SRGB = new byte[STEPS + 1];

    static {
        for (int i = 0; i < 256; i++) {
            TO_LINEAR[i] = (float) linear(i / 255.0);
        }
        for (int i = 0; i <= STEPS; i++) {
            L_OF_Y[i] = (float) (116 * f((double) i / STEPS) - 16);
            TO_SRGB[i] = (byte) Math.round(255 * srgb((double) i / STEPS));
        }
    }

    private Lab() {
    }

    /** sRGB companding undone: an 0–1 value to linear light. */
    static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** Linear light to an sRGB 0–1 value. */
    static double srgb(double c) {
        return c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
    }

    private static double f(double t) {
        return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
    }

    private static double fInverse(double t) {
        double cube = t * t * t;
        return cube > EPSILON ? cube : (116 * t - 16) / KAPPA;
    }

    /** L*, a*, b* of a packed 0xRRGGBB pixel, exactly (no tables). */
    public static double[] of(int rgb) {
        double r = linear(((rgb >> 16) & 0xff) / 255.0);
        double g = linear(((rgb >> 8) & 0xff) / 255.0);
        double b = linear((rgb & 0xff) / 255.0);
        double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
        double fy = f(y);
        return new double[] {116 * fy - 16, 500 * (f(x / XN) - fy), 200 * (fy - f(z / ZN))};
    }

    /** L* of a packed pixel, from the tables: what a colour picture keeps of itself when it is colourised. */
    public static float lightness(int rgb) {
        float y = 0.2126729f * TO_LINEAR[(rgb >> 16) & 0xff] + 0.7151522f * TO_LINEAR[(rgb >> 8) & 0xff]
                + 0.0721750f * TO_LINEAR[rgb & 0xff];
        return L_OF_Y[Math.min(STEPS, Math.max(0, Math.round(y * STEPS)))];
    }

    /** L* of every pixel, row by row. */
    public static float[] lightness(int[] rgb) {
        float[] l = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            l[i] = lightness(rgb[i]);
        }
        return l;
    }

    /** The packed 0xRRGGBB pixel of L*, a*, b*, clipped to the sRGB gamut channel by channel. */
    public static int rgb(float l, float a, float b) {
        double fy = (l + 16) / 116.0;
        double x = XN * fInverse(fy + a / 500.0);
        double y = l > KAPPA * EPSILON ? fy * fy * fy : l / KAPPA;
        double z = ZN * fInverse(fy - b / 200.0);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return channel(r) << 16 | channel(g) << 8 | channel(bl);
    }

    private static int channel(double linear) {
        int i = (int) Math.round(linear * STEPS);
        return TO_SRGB[i < 0 ? 0 : Math.min(STEPS, i)] & 0xff;
    }
}
