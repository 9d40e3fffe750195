package org.iiifml.colorizer.colorize;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.iiifml.inference.store.ModelDescriptor;

/**
 * Marks a colourised file as machine-made, in the file itself: an XMP packet (in a JPEG's APP1 segment,
 * in a PNG's iTXt chunk) with the IPTC digital source type, the model's name, version and sha256, and the
 * source image; and, on request, a small visible mark in the bottom right corner.
 * <p>
 * The digital source type is {@value #DIGITAL_SOURCE_TYPE}: IPTC defines it as a composite of elements at
 * least one of which is trained algorithmic media. A colourised photograph is exactly that: its lightness,
 * every detail of it, is the digitised original (a capture), and its colour was made by a trained model.
 * {@code trainedAlgorithmicMedia} would claim the whole picture was generated; {@code algorithmicallyEnhanced}
 * is for minor corrections, and adding every colour is not minor.
 */
public final class MachineMade {

    public static final String DIGITAL_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";
    static final String XMP_NAMESPACE = "http://ns.adobe.com/xap/1.0/\0";

    private MachineMade() {
    }

    /** The XMP packet: source type, model, and where the image came from (null: an upload). */
    public static String xmp(ModelDescriptor model, String sourceUrl) {
        String source = sourceUrl == null ? "" : "\n   <dc:source>" + escape(sourceUrl) + "</dc:source>";
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "  <rdf:Description rdf:about=\"\"\n"
                + "    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n"
                + "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                + "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                + "    xmlns:iiifml=\"urn:iiif-ml:xmp:1.0/\">\n"
                + "   <Iptc4xmpExt:DigitalSourceType>" + DIGITAL_SOURCE_TYPE + "</Iptc4xmpExt:DigitalSourceType>\n"
                + "   <xmp:CreatorTool>IIIF ML Suite colorizer, model " + escape(model.key()) + "</xmp:CreatorTool>\n"
                + "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">Colourised by machine: the colours were"
                + " predicted by the model " + escape(model.key()) + " and are not a record of the original.</rdf:li></rdf:Alt></dc:description>"
                + source + "\n"
                + "   <iiifml:model>" + escape(model.name()) + "</iiifml:model>\n"
                + "   <iiifml:modelVersion>" + escape(model.version()) + "</iiifml:modelVersion>\n"
                + "   <iiifml:modelSha256>" + model.sha256() + "</iiifml:modelSha256>\n"
                + "   <iiifml:modelContract>" + escape(model.contract()) + "</iiifml:modelContract>\n"
                + "  </rdf:Description>\n"
                + " </rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"r\"?>";
    }

    /** The JPEG with the XMP packet as an APP1 segment right after its start (and its JFIF segment, if any). */
    public static byte[] intoJpeg(byte[] jpeg, String xmp) {
        byte[] packet = (XMP_NAMESPACE + xmp).getBytes(StandardCharsets.UTF_8);
        if (packet.length + 2 > 0xFFFF) {
            throw new IllegalArgumentException("the XMP packet is too long for one APP1 segment");
        }
        int at = 2;
        if ((jpeg[2] & 0xff) == 0xff && (jpeg[3] & 0xff) == 0xe0) {
            at = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + packet.length + 4);
        out.write(jpeg, 0, at);
        out.write(0xff);
        out.write(0xe1);
        out.write((packet.length + 2) >> 8);
        out.write((packet.length + 2) & 0xff);
        out.writeBytes(packet);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** The PNG with the XMP packet as an iTXt chunk ("XML:com.adobe.xmp") right after its header chunk. */
    public static byte[] intoPng(byte[] png, String xmp) {
        int afterHeader = 8 + 4 + 4 + 13 + 4; // signature, then IHDR: length, type, 13 bytes, CRC
        byte[] keyword = "XML:com.adobe.xmp".getBytes(StandardCharsets.US_ASCII);
        byte[] text = xmp.getBytes(StandardCharsets.UTF_8);
        // keyword, NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, text
        ByteBuffer data = ByteBuffer.allocate(keyword.length + 5 + text.length);
        data.put(keyword).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).put(text);
        byte[] type = "iTXt".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + data.capacity() + 12);
        out.write(png, 0, afterHeader);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.capacity()).array());
        out.writeBytes(type);
        out.writeBytes(data.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }

    static final String MARK = "COLOURISED BY MACHINE";

    /** 5 × 7 glyphs of the mark's letters: drawn cell by cell, so no font need be installed where the service runs. */
    private static final java.util.Map<Character, String[]> GLYPHS = java.util.Map.ofEntries(
            java.util.Map.entry('A', new String[] {" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"}),
            java.util.Map.entry('B', new String[] {"#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "}),
            java.util.Map.entry('C', new String[] {" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "}),
            java.util.Map.entry('D', new String[] {"#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "}),
            java.util.Map.entry('E', new String[] {"#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"}),
            java.util.Map.entry('H', new String[] {"#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"}),
            java.util.Map.entry('I', new String[] {" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "}),
            java.util.Map.entry('L', new String[] {"#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"}),
            java.util.Map.entry('M', new String[] {"#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"}),
            java.util.Map.entry('N', new String[] {"#   #", "##  #", "# # #", "#  ##", "#   #", "#   #", "#   #"}),
            java.util.Map.entry('O', new String[] {" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "}),
            java.util.Map.entry('R', new String[] {"#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"}),
            java.util.Map.entry('S', new String[] {" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "}),
            java.util.Map.entry('U', new String[] {"#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "}),
            java.util.Map.entry('Y', new String[] {"#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "}));

    /**
     * Draws "COLOURISED BY MACHINE" small in the bottom right corner, white on a dark band: about a
     * fortieth of the image's shorter side high, never less than 7 pixels.
     */
    public static void drawMark(BufferedImage image) {
        int cell = Math.max(1, Math.min(image.getWidth(), image.getHeight()) / 280);
        int glyph = 6 * cell; // 5 cells and a space
        int width = MARK.length() * glyph + 2 * cell;
        int height = 9 * cell;
        int left = Math.max(0, image.getWidth() - width - 2 * cell);
        int top = Math.max(0, image.getHeight() - height - 2 * cell);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(0, 0, 0, 170));
            g.fillRect(left, top, width, height);
            g.setColor(Color.WHITE);
            for (int c = 0; c < MARK.length(); c++) {
                String[] rows = GLYPHS.get(MARK.charAt(c));
                if (rows == null) {
                    continue; // the space
                }
                for (int r = 0; r < 7; r++) {
                    for (int k = 0; k < 5; k++) {
                        if (rows[r].charAt(k) == '#') {
                            g.fillRect(left + cell + c * glyph + k * cell, top + cell + r * cell, cell, cell);
                        }
                    }
                }
            }
        } finally {
            g.dispose();
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
