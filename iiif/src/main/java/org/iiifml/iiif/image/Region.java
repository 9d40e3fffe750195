package org.iiifml.iiif.image;

/** A rectangle in pixels of the full image (or canvas), as in {@code #xywh=} and Image API regions. */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a region needs x, y ≥ 0 and a positive size: " + x + "," + y + "," + width + "," + height);
        }
    }

    /** Parses {@code x,y,w,h}. */
    public static Region parse(String xywh) {
        String[] parts = xywh.trim().split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not x,y,w,h: " + xywh);
        }
        try {
            return new Region(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()), Integer.parseInt(parts[3].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not x,y,w,h: " + xywh, e);
        }
    }

    /** This region cut to an image of the given size; null when nothing of it lies inside. */
    public Region clampTo(int imageWidth, int imageHeight) {
        int x2 = Math.min(x + width, imageWidth);
        int y2 = Math.min(y + height, imageHeight);
        if (x >= imageWidth || y >= imageHeight || x2 <= x || y2 <= y) {
            return null;
        }
        return new Region(x, y, x2 - x, y2 - y);
    }

    public boolean covers(int imageWidth, int imageHeight) {
        return x == 0 && y == 0 && width >= imageWidth && height >= imageHeight;
    }

    public String xywh() {
        return x + "," + y + "," + width + "," + height;
    }
}
