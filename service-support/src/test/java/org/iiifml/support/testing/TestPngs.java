package org.iiifml.support.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntUnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** PNGs written chunk by chunk, for the hostile cases: small files whose rasters are huge. */
public final class TestPngs {

    private TestPngs() {
    }

    /**
     * A 16-bit RGBA PNG, opaque, every row alike: column x has the colour {@code colour(x)} (0xRRGGBB, each
     * channel widened to 16 bits). A few hundred KB for hundreds of MB of raster (8 bytes a pixel).
     */
    public static byte[] rgba16(int width, int height, IntUnaryOperator colour) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {16, 6, 0, 0, 0});
            chunk(png, "IHDR", ihdr.toByteArray());
            byte[] row = new byte[1 + width * 8];
            for (int x = 0; x < width; x++) {
                int rgb = colour.applyAsInt(x);
                int at = 1 + x * 8;
                for (int c = 0; c < 3; c++) {
                    byte v = (byte) (rgb >> (16 - 8 * c));
                    row[at + 2 * c] = v;
                    row[at + 2 * c + 1] = v;
                }
                row[at + 6] = (byte) 0xff;
                row[at + 7] = (byte) 0xff;
            }
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            chunk(png, "IDAT", idat.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
