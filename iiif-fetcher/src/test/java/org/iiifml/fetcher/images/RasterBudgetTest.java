package org.iiifml.fetcher.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.iiifml.support.outbound.StubServer;
import org.iiifml.support.testing.TestPngs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The E2 case through the fetcher: a small PNG with a deep raster (6000 × 6000, 16-bit RGBA, 288 MB decoded)
 * from a level-0 server, which can only send the whole image. With suite.images.max-raster-bytes at 16 MB
 * here, a 640-pixel answer is still made, because only every ninth pixel of every ninth row is decoded; a
 * full-resolution cut of 1200 × 1200 would take 22 MB (21 MiB) and is refused from the header.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.outbound.allow-loopback=true", "suite.outbound.max-attempts=1", "suite.images.max-raster-bytes=16MB"})
@AutoConfigureWebTestClient(timeout = "30s")
class RasterBudgetTest {

    static final StubServer IIIF = new StubServer();
    static final byte[] DEEP = TestPngs.rgba16(6000, 6000, x -> x < 3000 ? 0xff0000 : 0x0000ff);

    static {
        IIIF.answer((req, res) -> {
            String path = req.uri().replaceAll("\\?.*$", "");
            if (path.equals("/deep/info.json")) {
                return StubServer.json(res, """
                        {"@context": "http://iiif.io/api/image/2/context.json", "@id": "%s", "protocol": "http://iiif.io/api/image",
                         "width": 6000, "height": 6000, "profile": ["http://iiif.io/api/image/2/level0.json"]}
                        """.formatted(IIIF.url("/deep")));
            }
            return path.startsWith("/deep/full/") ? res.header("Content-Type", "image/png").sendByteArray(Mono.just(DEEP)).then()
                    : res.status(404).send();
        });
    }

    @AfterAll
    static void stop() {
        IIIF.close();
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    @Test
    void aDeepRasterIsDecodedSubsampledForASmallAnswer() throws IOException {
        assertThat(DEEP.length).as("the file is small").isLessThan(1_000_000);
        byte[] png = client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/deep") + "&width=640&height=640&format=png")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_PNG)
                .expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(640);
        // The test pattern: the left half red, the right half blue, both survive subsampling and scaling.
        assertThat(image.getRGB(100, 320) & 0xffffff).isEqualTo(0xff0000);
        assertThat(image.getRGB(540, 320) & 0xffffff).isEqualTo(0x0000ff);
    }

    @Test
    void aCutPastTheRasterCapIsRefusedBeforeDecoding() {
        client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/deep")
                        + "&region=0,0,1200,1200&width=1200&height=1200")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:image-too-large")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("would take 21 MB").contains("at most 16 MB").contains("suite.images.max-raster-bytes"));
    }
}
