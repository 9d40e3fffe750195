package org.iiifml.colorizer.colorize;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.iiifml.colorizer.models.ColorizationContract;
import org.iiifml.colorizer.models.ColorizationTestModels;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.testing.ServiceConventionsTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * POST /api/colorizer/colorize on a real port, with a model of known weights in the store (it answers
 * sRGB red's ab everywhere), and every bad input a 4xx problem.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.fetcher.base-url=" + ServiceConventionsTest.UNREACHABLE, "suite.colorizer.max-output-pixels=100000"})
@AutoConfigureWebTestClient(timeout = "60s")
class ColorizeEndpointTest {

    static final Path STORE;
    static final String SHA;

    static {
        try {
            STORE = Files.createTempDirectory("colorizer-models");
            byte[] onnx = ColorizationTestModels.labAb(256, 64, 0, ColorizerTest.RED_A / 110, 0, ColorizerTest.RED_B / 110, false);
            SHA = ModelStore.sha256(onnx);
            new ModelStore(STORE).write(ColorizationTestModels.descriptor("red", ColorizationContract.LAB, 256, onnx, null), onnx);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("suite.colorizer.model-directory", STORE::toString);
    }

    @Autowired
    WebTestClient client;

    static byte[] jpeg(int width, int height, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[width * height];
        Arrays.fill(px, rgb);
        image.setRGB(0, 0, width, height, px, 0, width);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private WebTestClient.ResponseSpec upload(String query, byte[] image, MediaType accept) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("image", new ByteArrayResource(image) {
            @Override
            public String getFilename() {
                return "postcard.jpg";
            }
        });
        return client.post().uri("/api/colorizer/colorize" + query).accept(accept)
                .body(BodyInserters.fromMultipartData(body.build())).exchange();
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String type, String says) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:" + type)
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains(says));
    }

    @Test
    void theModelIsListedWithItsContractAndDigest() {
        client.get().uri("/api/colorizer/models").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.models.length()").isEqualTo(1)
                .jsonPath("$.models[0].name").isEqualTo("red")
                .jsonPath("$.models[0].contract").isEqualTo("colorization/lab")
                .jsonPath("$.models[0].sha256").isEqualTo(SHA)
                .jsonPath("$.models[0].default").isEqualTo(true);
    }

    @Test
    void aGreyPhotographComesBackColouredAtItsSizeAndMarkedAsMachineMade() throws IOException {
        byte[] answer = upload("", jpeg(300, 200, 0x7f7f7f), MediaType.IMAGE_JPEG)
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectHeader().valueEquals("X-Colorizer-Model", "red")
                .expectHeader().valueEquals("X-Colorizer-Model-Version", "1")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer));
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(200);
        int px = image.getRGB(150, 100);
        assertThat((px >> 16) & 0xff).as("red").isGreaterThan(240);
        assertThat((px >> 8) & 0xff).as("green").isLessThan(15);
        assertThat(MachineMadeTest.jpegXmp(answer)).contains("compositeWithTrainedAlgorithmicMedia").contains(SHA);
    }

    @Test
    void pngWhenAcceptAsksAndTheMarkWhenTheRequestDoes() throws IOException {
        byte[] plain = upload("?mark=false", jpeg(400, 240, 0x7f7f7f), MediaType.IMAGE_PNG)
                .expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_PNG)
                .expectBody(byte[].class).returnResult().getResponseBody();
        byte[] marked = upload("?mark=true", jpeg(400, 240, 0x7f7f7f), MediaType.IMAGE_PNG)
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(MachineMadeTest.pngXmp(plain)).contains("compositeWithTrainedAlgorithmicMedia");
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(plain));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(marked));
        int differing = 0;
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 400; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    differing++;
                    assertThat(y).as("the mark stays in the bottom rows").isGreaterThan(240 - 16);
                }
            }
        }
        assertThat(differing).isPositive();
    }

    /** 16-bit greyscale and palette PNGs, as scanners and older digitisations write them, colourise at their size. */
    @Test
    void sixteenBitGreyAndPaletteImagesColourise() throws IOException {
        BufferedImage grey16 = new BufferedImage(64, 48, BufferedImage.TYPE_USHORT_GRAY);
        java.util.Arrays.fill(((java.awt.image.DataBufferUShort) grey16.getRaster().getDataBuffer()).getData(), (short) 0x7f7f);
        BufferedImage palette = new BufferedImage(50, 40, BufferedImage.TYPE_BYTE_INDEXED);
        java.awt.Graphics2D g = palette.createGraphics();
        g.setColor(new java.awt.Color(0x7f7f7f));
        g.fillRect(0, 0, 50, 40);
        g.dispose();
        for (BufferedImage input : new BufferedImage[] {grey16, palette}) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(input, "png", png);
            byte[] answer = upload("", png.toByteArray(), MediaType.IMAGE_JPEG).expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();
            BufferedImage out = ImageIO.read(new ByteArrayInputStream(answer));
            assertThat(out.getWidth()).isEqualTo(input.getWidth());
            assertThat(out.getHeight()).isEqualTo(input.getHeight());
            assertThat((out.getRGB(input.getWidth() / 2, input.getHeight() / 2) >> 16) & 0xff).as("red").isGreaterThan(200);
        }
    }

    /**
     * A CMYK JPEG (the shared decoder's fixture, a red of sRGB ≈ (200, 30, 40)) keeps its own lightness under
     * the model's colour; an EXIF-rotated one (orientation 6, stored 40 × 20) comes back upright, 20 × 40.
     */
    @Test
    void cmykAndExifRotatedJpegsColourise() throws IOException {
        byte[] cmyk;
        try (var in = getClass().getResourceAsStream("/images/cmyk-red.jpg")) {
            cmyk = in.readAllBytes();
        }
        int inputPixel = new org.iiifml.inference.image.ImageDecoder(100_000_000).decode(cmyk).getRGB(20, 15);
        byte[] answer = upload("", cmyk, MediaType.IMAGE_PNG).expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(answer));
        assertThat(out.getWidth()).isEqualTo(40);
        int expected = org.iiifml.inference.color.Lab.rgb(org.iiifml.inference.color.Lab.lightness(inputPixel), ColorizerTest.RED_A, ColorizerTest.RED_B);
        for (int shift : new int[] {16, 8, 0}) {
            assertThat(Math.abs(((out.getRGB(20, 15) >> shift) & 0xff) - ((expected >> shift) & 0xff))).as("channel at %d", shift)
                    .isLessThanOrEqualTo(3);
        }

        byte[] rotated = org.iiifml.inference.testing.TestImages.withExifOrientation(jpeg(40, 20, 0x7f7f7f), 6);
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(upload("", rotated, MediaType.IMAGE_JPEG).expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody()));
        assertThat(upright.getWidth()).isEqualTo(20);
        assertThat(upright.getHeight()).isEqualTo(40);
    }

    @Test
    void badInputIsAProblemNeverA500() throws IOException {
        problem(upload("", new byte[0], MediaType.IMAGE_JPEG), 400, "bad-request", "empty");
        problem(upload("", "not an image at all".getBytes(), MediaType.IMAGE_JPEG), 415, "unsupported-media-type", "not a JPEG");
        byte[] whole = jpeg(100, 100, 0x808080);
        problem(upload("", Arrays.copyOf(whole, whole.length / 2), MediaType.IMAGE_JPEG), 422, "image-unreadable", "truncated");
        // 400 × 300 = 120000 pixels, past suite.colorizer.max-output-pixels (100000 here): refused, not shrunk.
        problem(upload("", jpeg(400, 300, 0x808080), MediaType.IMAGE_JPEG), 422, "image-too-large", "suite.colorizer.max-output-pixels");
        problem(upload("?model=nope", jpeg(10, 10, 0x808080), MediaType.IMAGE_JPEG), 404, "model-not-found", "nope");
        problem(upload("?renderFactor=2", jpeg(10, 10, 0x808080), MediaType.IMAGE_JPEG), 400, "bad-request", "renderFactor");
        problem(upload("?quality=5", jpeg(10, 10, 0x808080), MediaType.IMAGE_JPEG), 400, "bad-request", "quality");
    }
}
