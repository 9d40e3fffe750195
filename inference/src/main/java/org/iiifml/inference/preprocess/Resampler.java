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
        return resize(rgb, width, height, newWidth, newHeight, 0, 0, newWidth, newHeight);
    }

    /**
     * Only the window {@code (left, top, outWidth × outHeight)} of the resized image: a centre crop after a
     * resize computes no pixel it then throws away. The window's pixels are those of the whole resize.
     */
    public static int[] resize(int[] rgb, int width, int height, int newWidth, int newHeight, int left, int top, int outWidth,
            int outHeight) {
        if (newWidth == width && newHeight == height) {
            int[] out = new int[outWidth * outHeight];
            for (int y = 0; y < outHeight; y++) {
                System.arraycopy(rgb, (y + top) * width + left, out, y * outWidth, outWidth);
            }
            return out;
        }
        Weights wx = weights(width, newWidth);
        Weights wy = weights(height, newHeight);
        // The input rows the vertical pass will read for the window's rows.
        int firstRow = wy.start[top];
        int lastRow = 0;
        for (int y = top; y < top + outHeight; y++) {
            lastRow = Math.max(lastRow, wy.start[y] + wy.kernel[y].length);
        }
        int rows = lastRow - firstRow;
        int[] horizontal = new int[outWidth * rows];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < outWidth; x++) {
                horizontal[y * outWidth + x] = sample(rgb, (y + firstRow) * width, 1, wx.start[x + left], wx.kernel[x + left]);
            }
        }
        int[] out = new int[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                out[y * outWidth + x] = sample(horizontal, x, outWidth, wy.start[y + top] - firstRow, wy.kernel[y + top]);
            }
        }
        return out;
    }

    private record Weights(int[] start, float[][] kernel) {
    }

    private static Weights weights(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale; // the triangle filter has support 1, widened when reducing
        int[] start = new int[outSize];
        float[][] kernel = new float[outSize][];
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
            float[] normalised = new float[k.length];
            for (int j = 0; j < k.length; j++) {
                normalised[j] = (float) (total == 0 ? 0 : k[j] / total);
            }
            start[i] = min;
            kernel[i] = normalised;
        }
        return new Weights(start, kernel);
    }

    private static int sample(int[] pixels, int base, int stride, int first, float[] kernel) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int j = 0; j < kernel.length; j++) {
            int p = pixels[base + (first + j) * stride];
            r += kernel[j] * ((p >> 16) & 0xff);
            g += kernel[j] * ((p >> 8) & 0xff);
            b += kernel[j] * (p & 0xff);
        }
        return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    private static int clamp(float v) {
        int rounded = (int) (v + 0.5f);
        return rounded < 0 ? 0 : Math.min(255, rounded);
    }
}
