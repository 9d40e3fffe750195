package org.iiifml.colorizer.colorize;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import org.iiifml.colorizer.color.AbGamut;
import org.iiifml.inference.color.Lab;
import org.iiifml.colorizer.models.ColorizationContract;
import org.iiifml.colorizer.models.LoadedColorizer;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.preprocess.Resampler;
import org.iiifml.inference.runtime.OnnxModel;

/**
 * Colourisation at full resolution: the model sees a small copy, predicts its chroma (ab), and that chroma
 * is upsampled bilinearly to the image's own size and laid on the image's own lightness, pixel by pixel.
 * The output therefore keeps every detail of the original; only the colour is the model's. A colour input
 * (a sepia or tinted postcard) keeps only its lightness.
 */
public final class Colorizer {

    private Colorizer() {
    }

    /**
     * @param rgb packed 0xRRGGBB pixels, row by row
     * @param renderFactor colorization/rgb only: render at renderFactor × 16 (null: the model's)
     * @return the colourised pixels, the same size
     */
    public static int[] colorize(int[] rgb, int width, int height, LoadedColorizer model, Integer renderFactor) {
        if (model.contract() instanceof ColorizationContract.Lab lab) {
            return lab(rgb, width, height, model, lab);
        }
        ColorizationContract.Rgb contract = (ColorizationContract.Rgb) model.contract();
        int factor = renderFactor == null ? contract.renderFactor() : renderFactor;
        ColorizationContract.checkRenderFactor(factor);
        return rgb(rgb, width, height, model, contract, factor * 16);
    }

    /** Zhang et al.: L of a copy at the model's size in, ab out (regressed, or decoded from the 313 bins). */
    private static int[] lab(int[] rgb, int width, int height, LoadedColorizer model, ColorizationContract.Lab lab) {
        Preprocessing p = model.descriptor().preprocessing();
        int[] small = Resampler.resize(rgb, width, height, p.width(), p.height());
        float[] input = new float[small.length];
        for (int i = 0; i < small.length; i++) {
            input[i] = (float) ((Lab.lightness(small[i]) - lab.lCenter()) / lab.lScale());
        }
        OnnxModel.Output out = model.model().run(input, 1, new long[] {1, p.height(), p.width()}).get(0);
        int oh = (int) out.shape()[1];
        int ow = (int) out.shape()[2];
        int positions = oh * ow;
        float[][] ab;
        if (lab.bins()) {
            ab = AbGamut.decode(out.values(), positions, lab.annealTemperature(), lab.binScores().equals("logits"));
        } else {
            ab = new float[2][positions];
            for (int i = 0; i < positions; i++) {
                ab[0][i] = (float) (out.values()[i] * lab.abScale());
                ab[1][i] = (float) (out.values()[positions + i] * lab.abScale());
            }
        }
        return recombine(rgb, width, height, ab, ow, oh);
    }

    /** DeOldify style: the picture square at size × size in, RGB out, of which the chroma is kept. */
    private static int[] rgb(int[] rgb, int width, int height, LoadedColorizer model, ColorizationContract.Rgb contract, int size) {
        Preprocessing p = model.descriptor().preprocessing();
        Preprocessing square = new Preprocessing(Preprocessing.STRETCH, size, size, null, p.scale(), p.mean(), p.std(), p.channels(), null);
        float[] input = square.apply(image(rgb, width, height));
        OnnxModel.Output out = model.model().run(input, 1, new long[] {3, size, size}).get(0);
        int positions = size * size;
        boolean bgr = "BGR".equals(p.channels());
        List<Double> mean = contract.outputMean();
        List<Double> std = contract.outputStd();
        float[][] ab = new float[2][positions];
        for (int i = 0; i < positions; i++) {
            int[] c = new int[3];
            for (int k = 0; k < 3; k++) {
                double v = (out.values()[k * positions + i] * std.get(k) + mean.get(k)) * contract.outputScale();
                c[k] = (int) Math.max(0, Math.min(255, Math.round(v)));
            }
            int packed = bgr ? c[2] << 16 | c[1] << 8 | c[0] : c[0] << 16 | c[1] << 8 | c[2];
            double[] lab = Lab.of(packed);
            ab[0][i] = (float) lab[1];
            ab[1][i] = (float) lab[2];
        }
        return recombine(rgb, width, height, ab, size, size);
    }

    /**
     * The ab grid upsampled bilinearly (pixel centres aligned, as torch's interpolate without
     * align_corners) to width × height and recombined with each pixel's own lightness.
     */
    public static int[] recombine(int[] rgb, int width, int height, float[][] ab, int gridWidth, int gridHeight) {
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            double sx = Math.max(0, Math.min(gridWidth - 1, (x + 0.5) * gridWidth / width - 0.5));
            x0[x] = (int) sx;
            x1[x] = Math.min(x0[x] + 1, gridWidth - 1);
            fx[x] = (float) (sx - x0[x]);
        }
        float[] a = ab[0];
        float[] b = ab[1];
        int[] out = new int[rgb.length];
        // Rows are independent: bands of them on the common pool, so that a large image uses every core.
        java.util.stream.IntStream.range(0, (height + BAND - 1) / BAND).parallel().forEach(band -> {
            for (int y = band * BAND, end = Math.min(height, y + BAND); y < end; y++) {
                double sy = Math.max(0, Math.min(gridHeight - 1, (y + 0.5) * gridHeight / height - 0.5));
                int y0 = (int) sy;
                int y1 = Math.min(y0 + 1, gridHeight - 1);
                float fy = (float) (sy - y0);
                int r0 = y0 * gridWidth;
                int r1 = y1 * gridWidth;
                for (int x = 0, i = y * width; x < width; x++, i++) {
                    float top = a[r0 + x0[x]] + (a[r0 + x1[x]] - a[r0 + x0[x]]) * fx[x];
                    float bottom = a[r1 + x0[x]] + (a[r1 + x1[x]] - a[r1 + x0[x]]) * fx[x];
                    float av = top + (bottom - top) * fy;
                    top = b[r0 + x0[x]] + (b[r0 + x1[x]] - b[r0 + x0[x]]) * fx[x];
                    bottom = b[r1 + x0[x]] + (b[r1 + x1[x]] - b[r1 + x0[x]]) * fx[x];
                    float bv = top + (bottom - top) * fy;
                    out[i] = Lab.rgb(Lab.lightness(rgb[i]), av, bv);
                }
            }
        });
        return out;
    }

    private static final int BAND = 64;

    /** Packed pixels as an image (a copy). */
    public static BufferedImage image(int[] rgb, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        System.arraycopy(rgb, 0, ((DataBufferInt) image.getRaster().getDataBuffer()).getData(), 0, rgb.length);
        return image;
    }

    /** An 8-bit RGB image's packed pixels. */
    public static int[] pixels(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB && image.getRaster().getDataBuffer() instanceof DataBufferInt data
                && data.getData().length == image.getWidth() * image.getHeight()) {
            return data.getData();
        }
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
