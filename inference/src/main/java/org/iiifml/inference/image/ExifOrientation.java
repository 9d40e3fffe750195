package org.iiifml.inference.image;

/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG: the APP1 "Exif" segment, its TIFF header's byte
 * order and the first IFD. Cameras and phone scans store the pixels as the sensor saw them and this tag
 * says how to turn them upright. Anything unreadable counts as 1 (upright).
 */
final class ExifOrientation {

    private ExifOrientation() {
    }

    static int read(byte[] jpeg) {
        try {
            int i = 2; // after SOI
            while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xff) {
                int marker = jpeg[i + 1] & 0xff;
                if (marker == 0xda || marker == 0xd9) {
                    return 1; // start of scan: no APP1 before the pixels
                }
                int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
                if (marker == 0xe1 && length >= 16 && i + 2 + length <= jpeg.length && isExif(jpeg, i + 4)) {
                    return orientation(jpeg, i + 10, i + 2 + length);
                }
                i += 2 + length;
            }
        } catch (RuntimeException malformed) {
            return 1;
        }
        return 1;
    }

    private static boolean isExif(byte[] b, int at) {
        return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0 && b[at + 5] == 0;
    }

    /** @param tiff start of the TIFF header @param end end of the segment */
    private static int orientation(byte[] b, int tiff, int end) {
        boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
        if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) {
            return 1;
        }
        long ifd = tiff + u32(b, tiff + 4, little);
        if (ifd + 2 > end) {
            return 1;
        }
        int entries = u16(b, (int) ifd, little);
        for (int e = 0; e < entries; e++) {
            int entry = (int) ifd + 2 + e * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (u16(b, entry, little) == 0x0112) {
                int value = u16(b, entry + 8, little); // SHORT, stored in the first two bytes of the value field
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int at, boolean little) {
        return little ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at, boolean little) {
        return little
                ? (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24
                : (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }
}
