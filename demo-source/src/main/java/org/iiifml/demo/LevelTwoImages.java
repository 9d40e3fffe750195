package org.iiifml.demo;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A level-2 Image API 2.1 server over one picture held in memory, for the demo: any region ({@code full},
 * {@code square}, {@code x,y,w,h}, {@code pct:x,y,w,h}), any size ({@code full}, {@code max}, {@code w,},
 * {@code ,h}, {@code pct:n}, {@code w,h}, {@code !w,h}), rotation by 90°, quality {@code default},
 * {@code color}, {@code gray} or {@code bitonal}, as JPEG or PNG. No upscaling past the region's pixels
 * beyond {@link #MAX_OUTPUT_PIXELS}; a request it cannot answer is an {@link IllegalArgumentException}
 * (400), one outside the picture an {@link IndexOutOfBoundsException} (400 too, as the API says).
 */
final class LevelTwoImages {

    /** Largest answer, width × height: a demo server need not draw posters. */
    static final long MAX_OUTPUT_PIXELS = 16_000_000L;

    private static final Pattern REQUEST = Pattern.compile("^([^/]+)/([^/]+)/([^/]+)/(default|color|gray|bitonal)\\.(jpg|png)$");
    private static final Pattern XYWH = Pattern.compile("^(pct:)?(\\d+(?:\\.\\d+)?),(\\d+(?:\\.\\d+)?),(\\d+(?:\\.\\d+)?),(\\d+(?:\\.\\d+)?)$");

    record Answer(byte[] bytes, String mediaType, int width, int height) {
    }

    private LevelTwoImages() {
    }

    /** Answers {@code region/size/rotation/quality.format} of the picture. */
    static Answer render(BufferedImage picture, String request) {
        Matcher m = REQUEST.matcher(request);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an Image API request: region/size/rotation/quality.format");
        }
        int[] box = region(m.group(1), picture.getWidth(), picture.getHeight());
        int[] size = size(m.group(2), box[2], box[3]);
        int rotation = rotation(m.group(3));
        BufferedImage out = draw(picture, box, size, rotation, m.group(4));
        String format = m.group(5);
        return new Answer(encode(out, format), format.equals("png") ? "image/png" : "image/jpeg", out.getWidth(), out.getHeight());
    }

    static int[] region(String region, int width, int height) {
        if (region.equals("full")) {
            return new int[] {0, 0, width, height};
        }
        if (region.equals("square")) {
            int side = Math.min(width, height);
            return new int[] {(width - side) / 2, (height - side) / 2, side, side};
        }
        Matcher m = XYWH.matcher(region);
        if (!m.matches()) {
            throw new IllegalArgumentException("region is full, square, x,y,w,h or pct:x,y,w,h, not " + region);
        }
        double x = Double.parseDouble(m.group(2));
        double y = Double.parseDouble(m.group(3));
        double w = Double.parseDouble(m.group(4));
        double h = Double.parseDouble(m.group(5));
        if (m.group(1) != null) {
            x = x * width / 100;
            y = y * height / 100;
            w = w * width / 100;
            h = h * height / 100;
        }
        int x0 = (int) Math.round(x);
        int y0 = (int) Math.round(y);
        if (w <= 0 || h <= 0 || x0 >= width || y0 >= height) {
            throw new IndexOutOfBoundsException("the region " + region + " lies outside the " + width + "×" + height + " image");
        }
        // A region past the edge is cut at it, as the specification says.
        return new int[] {x0, y0, (int) Math.min(Math.round(w), width - x0), (int) Math.min(Math.round(h), height - y0)};
    }

    static int[] size(String size, int w, int h) {
        int[] out;
        if (size.equals("full") || size.equals("max")) {
            out = new int[] {w, h};
        } else if (size.startsWith("pct:")) {
            double pct = Double.parseDouble(requireNumber(size.substring(4), size));
            out = new int[] {(int) Math.round(w * pct / 100), (int) Math.round(h * pct / 100)};
        } else {
            boolean fit = size.startsWith("!");
            String[] parts = (fit ? size.substring(1) : size).split(",", -1);
            if (parts.length != 2 || (parts[0].isEmpty() && parts[1].isEmpty()) || (fit && (parts[0].isEmpty() || parts[1].isEmpty()))) {
                throw new IllegalArgumentException("size is full, max, w,, ,h, pct:n, w,h or !w,h, not " + size);
            }
            Integer rw = parts[0].isEmpty() ? null : Integer.valueOf(requireNumber(parts[0], size));
            Integer rh = parts[1].isEmpty() ? null : Integer.valueOf(requireNumber(parts[1], size));
            if (fit) {
                double scale = Math.min((double) rw / w, (double) rh / h);
                out = new int[] {(int) Math.round(w * scale), (int) Math.round(h * scale)};
            } else if (rh == null) {
                out = new int[] {rw, (int) Math.round((double) h * rw / w)};
            } else if (rw == null) {
                out = new int[] {(int) Math.round((double) w * rh / h), rh};
            } else {
                out = new int[] {rw, rh};
            }
        }
        if (out[0] < 1 || out[1] < 1) {
            throw new IllegalArgumentException("the size " + size + " leaves no pixel");
        }
        if ((long) out[0] * out[1] > MAX_OUTPUT_PIXELS) {
            throw new IllegalArgumentException("the size " + size + " is larger than this server answers (" + MAX_OUTPUT_PIXELS + " pixels)");
        }
        return out;
    }

    private static String requireNumber(String text, String size) {
        if (!text.matches("\\d+(?:\\.\\d+)?") || (text.contains(".") && !size.startsWith("pct:"))) {
            throw new IllegalArgumentException("size is full, max, w,, ,h, pct:n, w,h or !w,h, not " + size);
        }
        return text;
    }

    static int rotation(String rotation) {
        return switch (rotation) {
            case "0" -> 0;
            case "90" -> 90;
            case "180" -> 180;
            case "270" -> 270;
            default -> throw new IllegalArgumentException("rotation is 0, 90, 180 or 270 here, not " + rotation);
        };
    }

    private static BufferedImage draw(BufferedImage picture, int[] box, int[] size, int rotation, String quality) {
        int type = switch (quality) {
            case "gray" -> BufferedImage.TYPE_BYTE_GRAY;
            case "bitonal" -> BufferedImage.TYPE_BYTE_BINARY;
            default -> picture.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        };
        boolean quarter = rotation == 90 || rotation == 270;
        BufferedImage out = new BufferedImage(quarter ? size[1] : size[0], quarter ? size[0] : size[1], type);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        t.translate(out.getWidth() / 2.0, out.getHeight() / 2.0);
        t.rotate(Math.toRadians(rotation));
        t.translate(-size[0] / 2.0, -size[1] / 2.0);
        g.setTransform(t);
        g.drawImage(picture, 0, 0, size[0], size[1], box[0], box[1], box[0] + box[2], box[1] + box[3], null);
        g.dispose();
        return out;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format.equals("png") ? "png" : "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
