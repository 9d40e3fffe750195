package org.iiifml.inference.preprocess;

/**
 * Resizes 8-bit RGB pixels with a triangle (bilinear) filter whose support widens with the reduction, in
 * two passes (horizontal, then vertical) rounded to 8 bits in between: the way Pillow resizes with
 * BILINEAR, which is what torchvision's ImageNet transforms use on PIL images. Models trained that way see
 * the same pixels here (to within one level of rounding).
 */
public final class Resampler {

    private Resampler() {
    }

    /** @param rgb packed 0xRRGGBB pixels, row by row */
    public static int[] resize(int[] rgb, int width, int height, int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return rgb.clone();
        }
        int[] horizontal = new int[newWidth * height];
        Weights wx = weights(width, newWidth);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < newWidth; x++) {
                horizontal[y * newWidth + x] = sample(rgb, y * width, 1, wx.start[x], wx.kernel[x]);
            }
        }
        int[] out = new int[newWidth * newHeight];
        Weights wy = weights(height, newHeight);
        for (int y = 0; y < newHeight; y++) {
            for (int x = 0; x < newWidth; x++) {
                out[y * newWidth + x] = sample(horizontal, x, newWidth, wy.start[y], wy.kernel[y]);
            }
        }
        return out;
    }

    private record Weights(int[] start, double[][] kernel) {
    }

    private static Weights weights(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale; // the triangle filter has support 1, widened when reducing
        int[] start = new int[outSize];
        double[][] kernel = new double[outSize][];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize);
            double[] k = new double[max - min];
            double total = 0;
            for (int j = 0; j < k.length; j++) {
                double t = Math.abs((j + min - center + 0.5) / filterScale);
                k[j] = t < 1 ? 1 - t : 0;
                total += k[j];
            }
            for (int j = 0; j < k.length; j++) {
                k[j] = total == 0 ? 0 : k[j] / total;
            }
            start[i] = min;
            kernel[i] = k;
        }
        return new Weights(start, kernel);
    }

    private static int sample(int[] pixels, int base, int stride, int first, double[] kernel) {
        double r = 0;
        double g = 0;
        double b = 0;
        for (int j = 0; j < kernel.length; j++) {
            int p = pixels[base + (first + j) * stride];
            r += kernel[j] * ((p >> 16) & 0xff);
            g += kernel[j] * ((p >> 8) & 0xff);
            b += kernel[j] * (p & 0xff);
        }
        return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    private static int clamp(double v) {
        long rounded = Math.round(v);
        return (int) Math.max(0, Math.min(255, rounded));
    }
}
