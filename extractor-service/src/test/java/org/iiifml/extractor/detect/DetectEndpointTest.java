package org.iiifml.extractor.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.iiifml.support.testing.Problems.assertProblem;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.iiifml.extractor.evaluation.BookPageGenerator;
import org.iiifml.inference.detection.Detection;
import org.iiifml.inference.detection.DetectionMetrics;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.inference.testing.TestImages;
import org.iiifml.inference.testing.TestModels;
import org.iiifml.support.testing.ServiceConventionsTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.iiifml.support.testing.Problems;

/**
 * POST /api/extractor/detect on a real port: the built-in detector on a generated page with known boxes,
 * a YOLOv8-shaped model with outputs placed by hand (decoding, NMS, letterbox in landscape and portrait),
 * and every bad upload.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.fetcher.base-url=" + ServiceConventionsTest.UNREACHABLE, "suite.extractor.max-upload-bytes=1MB",
        "suite.inference.queue-capacity=1"})
@AutoConfigureWebTestClient(timeout = "60s")
class DetectEndpointTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path STORE;
    static final int ANCHORS = 8400;

    static {
        try {
            STORE = Files.createTempDirectory("extractor-models");
            // Two classes. Anchor 0: "figure" 0.9 at (320, 320) 200 × 100 in the 640 input; anchor 1: "figure" 0.6
            // overlapping it (suppressed); anchor 2: "map" 0.7 on the same spot (another class: kept); anchor 3:
            // "figure" 0.1 (under the threshold).
            float[] out = new float[6 * ANCHORS];
            put(out, 0, 320, 320, 200, 100, 0.9f, 0);
            put(out, 1, 325, 322, 200, 100, 0.6f, 0);
            put(out, 2, 320, 320, 200, 100, 0, 0.7f);
            put(out, 3, 100, 100, 50, 50, 0.1f, 0);
            byte[] onnx = TestModels.yoloV8Constant(2, out);
            new ModelStore(STORE).write(new ModelDescriptor("plates", "1", "detection", "detection/yolov8",
                    new Preprocessing(Preprocessing.LETTERBOX, 640, 640, null, 1.0 / 255, null, null, "RGB", 114),
                    List.of("figure", "map"), "CC0-1.0", "made by the test", ModelStore.sha256(onnx), null), onnx);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void put(float[] out, int anchor, float cx, float cy, float w, float h, float figure, float map) {
        float[] row = {cx, cy, w, h, figure, map};
        for (int r = 0; r < row.length; r++) {
            out[r * ANCHORS + anchor] = row[r];
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("suite.extractor.model-directory", STORE::toString);
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    EntityExchangeResult<byte[]> detect(byte[] bytes, String query) {
        return client.post().uri(URI.create("http://localhost:" + port + "/api/extractor/detect" + (query == null ? "" : "?" + query)))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(Problems.imageForm(bytes)))
                .exchange().expectBody().returnResult();
    }

    static JsonNode json(EntityExchangeResult<byte[]> result) {
        assertThat(result.getStatus().value()).as(new String(result.getResponseBody())).isEqualTo(200);
        return JSON.readTree(result.getResponseBody());
    }

    @Test
    void theBuiltInDetectorFindsTheIllustrationsOfAGeneratedPage() {
        BookPageGenerator generator = new BookPageGenerator(11);
        for (BookPageGenerator.Kind kind : List.of(BookPageGenerator.Kind.PHOTOGRAPH, BookPageGenerator.Kind.ENGRAVING,
                BookPageGenerator.Kind.TEXT)) {
            BookPageGenerator.Page page = generator.page(kind);
            JsonNode answer = json(detect(page.jpeg(), null));
            assertThat(answer.get("model").get("name").asString()).isEqualTo("illustrations");
            assertThat(answer.get("width").asInt()).isEqualTo(page.image().getWidth());
            List<Detection> found = new ArrayList<>();
            for (JsonNode b : answer.get("boxes")) {
                assertThat(b.get("label").asString()).isEqualTo("illustration");
                assertThat(b.get("score").floatValue()).isBetween(0.25f, 1f);
                found.add(new Detection(b.get("x").asInt(), b.get("y").asInt(), b.get("w").asInt(), b.get("h").asInt(),
                        b.get("score").floatValue(), 0, "illustration"));
            }
            DetectionMetrics m = DetectionMetrics.of(found, page.truth(), 0.75);
            assertThat(m.falsePositives()).as("%s: false boxes among %s (truth %s)", kind, found, page.truth()).isZero();
            assertThat(m.falseNegatives()).as("%s: missed regions of %s (found %s)", kind, page.truth(), found).isZero();
        }
    }

    @Test
    void aYoloV8ModelsBoxesComeBackThroughTheLetterboxInLandscapeAndPortrait() {
        // Landscape 1280 × 960: scale 0.5, padded 80 above and below. (220, 270)–(420, 370) in the input
        // is (440, 380)–(840, 580) in the image.
        JsonNode landscape = json(detect(TestImages.solid(1280, 960, 0x777777, "png"), "model=plates&confidence=0.5"));
        assertThat(landscape.get("model").get("name").asString()).isEqualTo("plates");
        assertThat(landscape.get("boxes")).hasSize(2);
        JsonNode figure = landscape.get("boxes").get(0);
        assertThat(figure.get("label").asString()).isEqualTo("figure");
        assertThat(figure.get("score").floatValue()).isCloseTo(0.9f, within(1e-5f));
        assertThat(List.of(figure.get("x").asInt(), figure.get("y").asInt(), figure.get("w").asInt(), figure.get("h").asInt()))
                .containsExactly(440, 380, 400, 200);
        assertThat(landscape.get("boxes").get(1).get("label").asString()).as("another class is not suppressed").isEqualTo("map");

        // Portrait 960 × 1280: padded 80 left and right: (280, 540)–(680, 740).
        JsonNode portrait = json(detect(TestImages.solid(960, 1280, 0x777777, "png"), "model=plates:1&confidence=0.5"));
        JsonNode p = portrait.get("boxes").get(0);
        assertThat(List.of(p.get("x").asInt(), p.get("y").asInt(), p.get("w").asInt(), p.get("h").asInt()))
                .containsExactly(280, 540, 400, 200);

        // A large upload is decoded at twice the model's size at most (every 4th pixel of 5120 × 3840), and its
        // boxes come back in its own pixels: four times the landscape ones.
        JsonNode large = json(detect(TestImages.solid(5120, 3840, 0x777777, "png"), "model=plates&confidence=0.5"));
        assertThat(large.get("width").asInt()).isEqualTo(5120);
        JsonNode l = large.get("boxes").get(0);
        assertThat(List.of(l.get("x").asInt(), l.get("y").asInt(), l.get("w").asInt(), l.get("h").asInt()))
                .containsExactly(1760, 1520, 1600, 800);

        // A looser threshold keeps the weak box; a tighter IoU keeps the overlapping one too.
        assertThat(json(detect(TestImages.solid(640, 640, 0, "png"), "model=plates&confidence=0.05")).get("boxes")).hasSize(3);
        assertThat(json(detect(TestImages.solid(640, 640, 0, "png"), "model=plates&confidence=0.5&iouThreshold=0.99"))
                .get("boxes")).hasSize(3);
    }

    @Test
    void theDetectorsAreListedWithTheirContractsAndDigests() {
        JsonNode models = JSON.readTree(client.get().uri(URI.create("http://localhost:" + port + "/api/extractor/models"))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody()).get("models");
        assertThat(models).hasSize(2);
        JsonNode builtIn = models.get(0);
        assertThat(builtIn.get("name").asString()).isEqualTo("illustrations");
        assertThat(builtIn.get("contract").asString()).isEqualTo("detection/text-mask");
        assertThat(builtIn.get("default").asBoolean()).isTrue();
        assertThat(builtIn.get("sha256").asString()).isEqualTo(Detectors.TEXT_MODEL_SHA256);
        assertThat(models.get(1).get("contract").asString()).isEqualTo("detection/yolov8");
        assertThat(models.get(1).get("labels").toString()).isEqualTo("[\"figure\",\"map\"]");
    }

    @Test
    void badUploadsAreProblemsAndTheServiceStaysReady() {
        byte[] jpeg = TestImages.solid(300, 400, 0xeeeeee, "jpeg");
        assertProblem(detect(new byte[0], null), 400, "bad-request");
        assertProblem(detect("not an image at all".getBytes(), null), 415, "unsupported-media-type");
        assertProblem(detect(Arrays.copyOf(jpeg, jpeg.length / 2), null), 422, "image-unreadable");
        assertProblem(detect(TestImages.pngHeader(100_000, 100_000), null), 422, "image-too-large");
        assertProblem(detect(new byte[2 * 1024 * 1024], null), 413, "payload-too-large");
        assertProblem(detect(jpeg, "model=no-such-model"), 404, "model-not-found");
        assertProblem(detect(jpeg, "confidence=2"), 400, "bad-request");
        assertProblem(detect(jpeg, "iouThreshold=-1"), 400, "bad-request");
        assertProblem(detect(null, null), 400, "bad-request");
        client.get().uri(URI.create("http://localhost:" + port + "/actuator/health/readiness")).exchange().expectStatus().isOk();
    }

    @Test
    void extractionJobsCheckTheirRequestBeforeAnyJobExists() {
        String manifest = "\"manifestUrl\": \"https://example.org/m.json\"";
        for (String body : List.of("{" + manifest + ", \"options\": {\"confidence\": 1.5}}",
                "{" + manifest + ", \"options\": {\"iouThreshold\": \"high\"}}",
                "{" + manifest + ", \"options\": {\"colour\": true}}",
                "{" + manifest + ", \"options\": [1]}")) {
            assertProblem(client.post().uri(URI.create("http://localhost:" + port + "/api/extractor/jobs"))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody().returnResult(), 400, "bad-request");
        }
        assertProblem(client.post().uri(URI.create("http://localhost:" + port + "/api/extractor/jobs"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{" + manifest + ", \"options\": {\"model\": \"nope\"}}")
                .exchange().expectBody().returnResult(), 404, "model-not-found");
        assertProblem(client.post().uri(URI.create("http://localhost:" + port + "/api/extractor/jobs"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"collectionUrl\": \"https://example.org/c.json\"}")
                .exchange().expectBody().returnResult(), 422, "unprocessable");
    }

    @Test
    void pastTheQueueRequestsAreRefusedWith429() throws Exception {
        byte[] page = TestImages.encode(new BufferedImage(1400, 2000, BufferedImage.TYPE_INT_RGB), "png");
        List<CompletableFuture<EntityExchangeResult<byte[]>>> burst = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> detect(page, null))).toList();
        int refused = 0;
        int ok = 0;
        for (var f : burst) {
            var r = f.get();
            if (r.getStatus().value() == 429) {
                assertProblem(r, 429, "too-many-requests");
                assertThat(r.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
                refused++;
            } else {
                assertThat(r.getStatus().value()).isEqualTo(200);
                ok++;
            }
        }
        assertThat(refused).as("refused with one waiting place").isPositive();
        assertThat(ok).isPositive();
    }
}
