package org.iiifml.colorizer.colorize;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.store.ModelDescriptor;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The files say they are machine-made: XMP that ImageIO reads back from the JPEG and the PNG, and the mark. */
public class MachineMadeTest {

    static final ModelDescriptor MODEL = new ModelDescriptor("postcards", "2", "colorization", "colorization/lab",
            new Preprocessing(Preprocessing.STRETCH, 256, 256, null, 1.0, null, null, "RGB", null), List.of(), "CC0-1.0", "tests",
            "ab".repeat(32), null);

    static BufferedImage grey() {
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 120; x++) {
                image.setRGB(x, y, 0x808080);
            }
        }
        return image;
    }

    /** The XMP packet as a reader finds it: in the JPEG's APP1 segments (unknown markers to ImageIO). */
    public static String jpegXmp(byte[] jpeg) throws IOException {
        IIOMetadata metadata = metadata(jpeg);
        NodeList unknown = ((Element) metadata.getAsTree("javax_imageio_jpeg_image_1.0")).getElementsByTagName("unknown");
        for (int i = 0; i < unknown.getLength(); i++) {
            Element marker = (Element) unknown.item(i);
            if (marker.getAttribute("MarkerTag").equals("225")) {
                byte[] data = (byte[]) ((javax.imageio.metadata.IIOMetadataNode) marker).getUserObject();
                String text = new String(data, StandardCharsets.UTF_8);
                if (text.startsWith("http://ns.adobe.com/xap/1.0/\0")) {
                    return text.substring(29);
                }
            }
        }
        return null;
    }

    /** The XMP packet in the PNG's iTXt chunk, as ImageIO's PNG reader parses it (its CRC checked). */
    static String pngXmp(byte[] png) throws IOException {
        NodeList entries = ((Element) metadata(png).getAsTree("javax_imageio_png_1.0")).getElementsByTagName("iTXtEntry");
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            if (entry.getAttribute("keyword").equals("XML:com.adobe.xmp")) {
                return entry.getAttribute("text");
            }
        }
        return null;
    }

    private static IIOMetadata metadata(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata metadata = reader.getImageMetadata(0);
            assertThat(reader.read(0).getWidth()).as("the image still decodes").isPositive();
            reader.dispose();
            return metadata;
        }
    }

    @Test
    void jpegAndPngCarryXmpWithTheSourceTypeTheModelAndTheSource() throws Exception {
        String xmp = MachineMade.xmp(MODEL, "https://example.org/iiif/postcard-7/full/max/0/default.jpg?a=1&b=2");
        byte[] jpeg = MachineMade.intoJpeg(ColorizeService.jpeg(grey(), 0.9f), xmp);
        byte[] png = MachineMade.intoPng(ColorizeService.png(grey()), xmp);
        for (String read : new String[] {jpegXmp(jpeg), pngXmp(png)}) {
            assertThat(read).isNotNull()
                    .contains("<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia<")
                    .contains("<iiifml:model>postcards</iiifml:model>")
                    .contains("<iiifml:modelVersion>2</iiifml:modelVersion>")
                    .contains("<iiifml:modelSha256>" + "ab".repeat(32) + "</iiifml:modelSha256>")
                    .contains("<dc:source>https://example.org/iiif/postcard-7/full/max/0/default.jpg?a=1&amp;b=2</dc:source>");
            // Well-formed XML, so that any XMP reader takes it.
            assertThat(javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(read.getBytes(StandardCharsets.UTF_8))).getDocumentElement().getNodeName())
                    .isEqualTo("x:xmpmeta");
        }
    }

    @Test
    void theMarkIsSmallAndInTheBottomRightCorner() {
        BufferedImage image = grey();
        BufferedImage marked = grey();
        MachineMade.drawMark(marked);
        int changed = 0;
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 120; x++) {
                if (marked.getRGB(x, y) != image.getRGB(x, y)) {
                    changed++;
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                }
            }
        }
        assertThat(changed).isPositive();
        assertThat(minY).as("only the bottom rows").isGreaterThanOrEqualTo(80 - 12);
        assertThat(changed).as("a small part of the image").isLessThan(120 * 80 / 4);
        assertThat(minX).isGreaterThanOrEqualTo(0);
    }
}
