package org.iiifml.inference.preprocess;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * How a model wants its input: the geometry (resize and crop, letterbox, or stretch), then per channel
 * {@code (pixel × scale − mean) / std}, in RGB or BGR order, written as one NCHW float image. The values
 * come from the model's model.json; {@link #imagenet()} is torchvision's ImageNet evaluation transform.
 *
 * @param resize {@code short-side-crop}: resize the short side to {@code resizeShortSide} (the long side
 *     in proportion, truncated), then crop the centre; {@code letterbox}: fit inside, keeping proportions,
 *     and pad with {@code padValue}; {@code stretch}: resize to the size, proportions lost
 * @param width model input width
 * @param height model input height
 * @param resizeShortSide for short-side-crop only
 * @param scale multiplies each 0–255 value first (1/255 for inputs in 0–1)
 * @param mean subtracted per channel, in model channel order
 * @param std divides per channel, in model channel order
 * @param channels "RGB" or "BGR"
 * @param padValue 0–255 value of letterbox padding
 * @param scaledDecoding whether a JPEG larger than the model needs may be decoded at 1/2, 1/4 or 1/8 scale
 *     (the inverse DCT at the smaller size; never below what the resize keeps), which is faster than a full
 *     decode and scores within a measured tolerance of it (docs/benchmarks.md); absent means true
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preprocessing(String resize, int width, int height, Integer resizeShortSide, double scale, List<Double> mean,
        List<Double> std, String channels, Integer padValue, Boolean scaledDecoding) {

    public static final String SHORT_SIDE_CROP = "short-side-crop";
    public static final String LETTERBOX = "letterbox";
    public static final String STRETCH = "stretch";

    /** Without a scaled-decoding setting: the default, on. */
    public Preprocessing(String resize, int width, int height, Integer resizeShortSide, double scale, List<Double> mean,
            List<Double> std, String channels, Integer padValue) {
        this(resize, width, height, resizeShortSide, scale, mean, std, channels, padValue, null);
    }

    @JsonCreator
    public Preprocessing {
        if (!List.of(SHORT_SIDE_CROP, LETTERBOX, STRETCH).contains(resize)) {
            throw new IllegalArgumentException("resize must be short-side-crop, letterbox or stretch, not " + resize);
        }
        if (width < 1 || height < 1 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("width and height must be between 1 and 8192");
        }
        if (resize.equals(SHORT_SIDE_CROP) && (resizeShortSide == null || resizeShortSide < Math.max(width, height))) {
            throw new IllegalArgumentException("short-side-crop needs resizeShortSide ≥ the input size");
        }
        mean = mean == null ? List.of(0.0, 0.0, 0.0) : List.copyOf(mean);
        std = std == null ? List.of(1.0, 1.0, 1.0) : List.copyOf(std);
        if (mean.size() != 3 || std.size() != 3 || std.stream().anyMatch(s -> s == 0)) {
            throw new IllegalArgumentException("mean and std need three values each, std none zero");
        }
        channels = channels == null ? "RGB" : channels;
        if (!channels.equals("RGB") && !channels.equals("BGR")) {
            throw new IllegalArgumentException("channels must be RGB or BGR");
        }
        padValue = padValue == null ? 114 : padValue;
    }

    /** torchvision's ImageNet evaluation transform: Resize(256), CenterCrop(224), ToTensor, Normalize. */
    public static Preprocessing imagenet() {
        return new Preprocessing(SHORT_SIDE_CROP, 224, 224, 256, 1.0 / 255, List.of(0.485, 0.456, 0.406),
                List.of(0.229, 0.224, 0.225), "RGB", null);
    }

    /**
     * The largest factor by which an upright image of this size may be reduced before {@link #apply}
     * without apply having less than it keeps: the short side stays at least {@code resizeShortSide}, or
     * both sides at least what letterbox or stretch make of them. 1 when scaled decoding is off.
     */
    public int maxDecodeReduction(int imageWidth, int imageHeight) {
        if (scaledDecoding != null && !scaledDecoding) {
            return 1;
        }
        double factor = switch (resize) {
            case SHORT_SIDE_CROP -> (double) Math.min(imageWidth, imageHeight) / resizeShortSide;
            case LETTERBOX -> Math.max((double) imageWidth / width, (double) imageHeight / height);
            default -> Math.min((double) imageWidth / width, (double) imageHeight / height);
        };
        return Math.max(1, (int) factor);
    }

    /** Floats in one image: 3 × height × width. */
    public int tensorSize() {
        return 3 * width * height;
    }

    /** Where the original image lies in the model input, to map outputs back: input = original × scale + pad. */
    public record Placement(double scaleX, double scaleY, double padX, double padY) {
    }

    /** Writes the image as one NCHW float image into {@code out} from {@code offset}; answers its placement. */
    public Placement apply(BufferedImage image, float[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = pixels(image);
        int[] input = new int[width * height];
        Placement placement;
        switch (resize) {
            case SHORT_SIDE_CROP -> {
                // torchvision: the short side to the size, the long side int(size × long / short).
                int rw = w <= h ? resizeShortSide : (int) ((long) resizeShortSide * w / h);
                int rh = w <= h ? (int) ((long) resizeShortSide * h / w) : resizeShortSide;
                // CenterCrop: int(round((size_in − size_out) / 2)) with Python's half-to-even rounding.
                int top = (int) Math.rint((rh - height) / 2.0);
                int left = (int) Math.rint((rw - width) / 2.0);
                input = Resampler.resize(pixels, w, h, rw, rh, left, top, width, height);
                placement = new Placement((double) rw / w, (double) rh / h, -left, -top);
            }
            case LETTERBOX -> {
                double r = Math.min((double) width / w, (double) height / h);
                int nw = (int) Math.round(w * r);
                int nh = (int) Math.round(h * r);
                int left = (int) Math.round((width - nw) / 2.0 - 0.1);
                int top = (int) Math.round((height - nh) / 2.0 - 0.1);
                int pad = padValue << 16 | padValue << 8 | padValue;
                Arrays.fill(input, pad);
                int[] resized = Resampler.resize(pixels, w, h, nw, nh);
                for (int y = 0; y < nh; y++) {
                    System.arraycopy(resized, y * nw, input, (y + top) * width + left, nw);
                }
                placement = new Placement((double) nw / w, (double) nh / h, left, top);
            }
            default -> {
                input = Resampler.resize(pixels, w, h, width, height);
                placement = new Placement((double) width / w, (double) height / h, 0, 0);
            }
        }
        write(input, out, offset);
        return placement;
    }

    /** The packed RGB pixels, read straight from the raster when the image is 8-bit RGB without padding. */
    private static int[] pixels(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB
                && image.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt data
                && data.getData().length == image.getWidth() * image.getHeight()
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0) {
            return data.getData(); // only read: the resampler writes to arrays of its own
        }
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** One image as a new float array. */
    public float[] apply(BufferedImage image) {
        float[] out = new float[tensorSize()];
        apply(image, out, 0);
        return out;
    }

    private void write(int[] input, float[] out, int offset) {
        int plane = width * height;
        boolean bgr = channels.equals("BGR");
        float[] m = {mean.get(0).floatValue(), mean.get(1).floatValue(), mean.get(2).floatValue()};
        float[] s = {std.get(0).floatValue(), std.get(1).floatValue(), std.get(2).floatValue()};
        float k = (float) scale;
        for (int i = 0; i < plane; i++) {
            int p = input[i];
            float r = (p >> 16) & 0xff;
            float g = (p >> 8) & 0xff;
            float b = p & 0xff;
            float c0 = bgr ? b : r;
            float c2 = bgr ? r : b;
            out[offset + i] = (c0 * k - m[0]) / s[0];
            out[offset + plane + i] = (g * k - m[1]) / s[1];
            out[offset + 2 * plane + i] = (c2 * k - m[2]) / s[2];
        }
    }
}
