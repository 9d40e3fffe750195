package org.iiifml.classifier.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.iiifml.support.testing.Problems.assertProblem;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.inference.testing.TestImages;
import org.iiifml.inference.testing.TestModels;
import org.iiifml.support.testing.ServiceConventionsTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
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
 * The classifier on a real port with models the test writes into a model store: a tiny model whose
 * scores can be worked out by hand (proving preprocessing and label mapping end to end), a model with
 * ResNet18's exact architecture and I/O, and every bad upload.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.fetcher.base-url=" + ServiceConventionsTest.UNREACHABLE, "suite.classifier.default-model=colours",
        "suite.classifier.max-upload-bytes=1MB", "suite.inference.queue-capacity=2", "suite.inference.max-batch=1",
        "suite.inference.reload-interval=200ms",
        // The unreachable fetcher is deliberate: its 503 is asserted, not logged.
        "logging.level.org.iiifml.support.problem.ProblemWebExceptionHandler=ERROR"})
@AutoConfigureWebTestClient(timeout = "60s")
@AutoConfigureMetrics
class ClassifyEndpointTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> COLOURS = List.of("red", "green", "blue");
    static final List<String> IMAGENET = IntStream.range(0, 1000).mapToObj(i -> "class-" + i).toList();
    static final Path STORE;
    static final String COLOURS_SHA;
    static final String RESNET_SHA;

    static {
        try {
            STORE = Files.createTempDirectory("classifier-models");
            // logits = 4 × channel mean (0–1) + (0, 0.5, 0): a pure red image scores softmax(4, 0.5, 0).
            byte[] colours = TestModels.channelMeans(8, 4f, new float[] {0f, 0.5f, 0f});
            COLOURS_SHA = ModelStore.sha256(colours);
            new ModelStore(STORE).write(new ModelDescriptor("colours", "1", "classification", "classification/imagenet",
                    new Preprocessing(Preprocessing.STRETCH, 8, 8, null, 1.0 / 255, null, null, "RGB", null), COLOURS,
                    "CC0-1.0", "made by the test", COLOURS_SHA, null), colours);
            byte[] resnet = TestModels.resnet18(1000, 7);
            RESNET_SHA = ModelStore.sha256(resnet);
            new ModelStore(STORE).write(new ModelDescriptor("resnet18", "1", "classification", "classification/imagenet",
                    Preprocessing.imagenet(), IMAGENET, "random weights", "made by the test", RESNET_SHA, null), resnet);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("suite.classifier.model-directory", STORE::toString);
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    static byte[] image(int w, int h, int rgb, String format) {
        return TestImages.solid(w, h, rgb, format);
    }

    EntityExchangeResult<byte[]> classify(byte[] bytes, String model, String topK) {
        var uri = org.springframework.web.util.UriComponentsBuilder.fromUriString("http://localhost:" + port + "/api/classifier/classify");
        if (model != null) {
            uri.queryParam("model", model);
        }
        if (topK != null) {
            uri.queryParam("topK", topK);
        }
        return client.post().uri(uri.encode().build().toUri())
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(Problems.imageForm(bytes)))
                .exchange().expectBody().returnResult();
    }

    static JsonNode json(EntityExchangeResult<byte[]> result) {
        return JSON.readTree(result.getResponseBody());
    }

    @Test
    void aTinyModelWithKnownWeightsGivesTheScoresWorkedOutByHand() {
        var result = classify(image(40, 30, 0xFF0000, "png"), null, "3");
        assertThat(result.getStatus().value()).isEqualTo(200);
        JsonNode body = json(result);
        assertThat(body.get("model").get("name").asString()).isEqualTo("colours");
        assertThat(body.get("model").get("version").asString()).isEqualTo("1");
        assertThat(body.get("model").get("sha256").asString()).isEqualTo(COLOURS_SHA);
        // softmax(4, 0.5, 0) = 0.9498, 0.0287, 0.0174 (logits of red, green, blue)
        double sum = Math.exp(4) + Math.exp(0.5) + Math.exp(0);
        JsonNode p = body.get("predictions");
        assertThat(p).hasSize(3);
        assertThat(p.get(0).get("label").asString()).isEqualTo("red");
        assertThat(p.get(0).get("score").asDouble()).isCloseTo(Math.exp(4) / sum, within(1e-5));
        assertThat(p.get(1).get("label").asString()).isEqualTo("green");
        assertThat(p.get(1).get("score").asDouble()).isCloseTo(Math.exp(0.5) / sum, within(1e-5));
        assertThat(p.get(2).get("label").asString()).isEqualTo("blue");

        JsonNode blue = json(classify(image(10, 10, 0x0000FF, "jpeg"), "colours:1", "1")).get("predictions");
        assertThat(blue).hasSize(1);
        assertThat(blue.get(0).get("label").asString()).isEqualTo("blue");

        String metrics = new String(client.get().uri(URI.create("http://localhost:" + port + "/actuator/prometheus")).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(metrics).contains("inference_latency_seconds_bucket{", "model=\"colours:1\"", "inference_batch_size_count{",
                "inference_queue_depth{");
    }

    @Test
    void aModelWithResNet18sArchitectureRunsThroughTheService() {
        var result = classify(image(500, 375, 0x336699, "jpeg"), "resnet18", null);
        assertThat(result.getStatus().value()).as(new String(result.getResponseBody())).isEqualTo(200);
        JsonNode body = json(result);
        assertThat(body.get("model").get("sha256").asString()).isEqualTo(RESNET_SHA);
        JsonNode p = body.get("predictions");
        assertThat(p).as("default top-k").hasSize(5);
        double previous = 1;
        for (JsonNode prediction : p) {
            assertThat(IMAGENET).contains(prediction.get("label").asString());
            assertThat(prediction.get("score").asDouble()).isBetween(0.0, previous);
            previous = prediction.get("score").asDouble();
        }
    }

    @Test
    void aReferenceNeedsAServiceOrACanvasAndAnUnreachableFetcherIsA503() {
        URI uri = URI.create("http://localhost:" + port + "/api/classifier/classify/iiif");
        for (String body : List.of("{}", "{\"manifestUrl\": \"https://example.org/m\"}",
                "{\"imageServiceUrl\": \"https://example.org/i\", \"canvasId\": \"https://example.org/c\"}")) {
            assertProblem(client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody()
                    .returnResult(), 400, "bad-request");
        }
        assertProblem(client.post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"imageServiceUrl\": \"https://example.org/iiif/page1\"}").exchange().expectBody().returnResult(),
                503, "service-unavailable");
    }

    @Test
    void classificationJobsCheckTheirOptionsAndFailWithAProblemWhenTheFetcherIsDown() throws Exception {
        URI jobs = URI.create("http://localhost:" + port + "/api/classifier/jobs");
        assertProblem(client.post().uri(jobs).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/m\", \"options\": {\"model\": \"nope\"}}").exchange()
                .expectBody().returnResult(), 404, "model-not-found");
        assertProblem(client.post().uri(jobs).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/m\", \"options\": {\"threshold\": 1}}").exchange()
                .expectBody().returnResult(), 400, "bad-request");
        assertProblem(client.post().uri(jobs).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/m\", \"options\": {\"topK\": 0}}").exchange()
                .expectBody().returnResult(), 400, "bad-request");
        // A NUL in an option's value: refused, where the database would have failed it with a 500.
        assertProblem(client.post().uri(jobs).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/m\", \"options\": {\"model\": \"colours\\u0000\"}}").exchange()
                .expectBody().returnResult(), 400, "bad-request");

        var created = client.post().uri(jobs).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/m\", \"options\": {\"model\": \"colours\", \"topK\": 2}}")
                .exchange().expectStatus().isCreated().expectBody().returnResult();
        JsonNode job = json(created);
        assertThat(job.get("parameters").get("options").get("model").asString()).as("pinned").isEqualTo("colours:1");
        assertThat(job.get("reproducibility").get("model").get("sha256").asString()).isEqualTo(COLOURS_SHA);
        URI self = URI.create("http://localhost:" + port + "/api/classifier/jobs/" + job.get("id").asString());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!job.get("state").asString().equals("failed")) {
            assertThat(System.nanoTime()).as("job fails in time: %s", job).isLessThan(deadline);
            Thread.sleep(100);
            job = JSON.readTree(client.get().uri(self).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        }
        assertThat(job.get("problem").get("type").asString()).isEqualTo("urn:iiif-ml:problem:service-unavailable");
        client.get().uri(URI.create("http://localhost:" + port + "/actuator/health/readiness")).exchange().expectStatus().isOk();
    }

    @Test
    void importsThroughTheApiAreOffByDefault() {
        var result = client.post().uri(URI.create("http://localhost:" + port + "/api/classifier/models"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"descriptor\": {}, \"url\": \"https://models.example/x.onnx\", \"sha256\": \"" + "a".repeat(64) + "\"}")
                .exchange().expectBody().returnResult();
        assertProblem(result, 403, "admin-disabled");
    }

    @Test
    void theModelsAreListedWithLicenceAndDigest() {
        JsonNode models = JSON.readTree(client.get().uri(URI.create("http://localhost:" + port + "/api/classifier/models")).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody()).get("models");
        List<String> names = new ArrayList<>();
        models.forEach(m -> names.add(m.get("name").asString() + ":" + m.get("version").asString()));
        assertThat(names).contains("colours:1", "resnet18:1");
        models.forEach(m -> {
            if (m.get("name").asString().equals("colours")) {
                assertThat(m.get("default").asBoolean()).isTrue();
                assertThat(m.get("sha256").asString()).isEqualTo(COLOURS_SHA);
                assertThat(m.get("licence").asString()).isEqualTo("CC0-1.0");
                // The labels themselves, in output order: the same shape as every model service's listing.
                assertThat(m.get("labels").isArray()).isTrue();
                List<String> labels = new ArrayList<>();
                m.get("labels").forEach(l -> labels.add(l.asString()));
                assertThat(labels).isEqualTo(COLOURS);
                assertThat(m.get("executionProvider").asString()).isEqualTo("cpu");
            }
        });
    }

    /** A version published into the store while the service runs (as the trainer does) is listed and used. */
    @Test
    void aModelVersionThatAppearsInTheStoreIsServedWithoutARestart() throws Exception {
        // The colours model with other biases (under its own name, so that the other tests see the store as
        // they wrote it): a pure red image scores softmax(4, 0, 2).
        byte[] onnx = TestModels.channelMeans(8, 4f, new float[] {0f, 0f, 2f});
        new ModelStore(STORE).write(new ModelDescriptor("tinted", "2", "classification", "classification/imagenet",
                new Preprocessing(Preprocessing.STRETCH, 8, 8, null, 1.0 / 255, null, null, "RGB", null), COLOURS,
                "CC0-1.0", "published while the service runs", ModelStore.sha256(onnx), null), onnx);
        URI list = URI.create("http://localhost:" + port + "/api/classifier/models");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        boolean listed = false;
        while (!listed && System.nanoTime() < deadline) {
            JsonNode models = JSON.readTree(client.get().uri(list).exchange().expectBody().returnResult().getResponseBody()).get("models");
            for (JsonNode m : models) {
                listed |= m.get("name").asString().equals("tinted") && m.get("version").asString().equals("2");
            }
            Thread.sleep(100);
        }
        assertThat(listed).as("tinted:2 listed").isTrue();
        JsonNode result = json(classify(image(16, 16, 0xff0000, "png"), "tinted:2", "3"));
        assertThat(result.get("model").get("version").asString()).isEqualTo("2");
        double[] e = {Math.exp(4), Math.exp(0), Math.exp(2)};
        double sum = e[0] + e[1] + e[2];
        assertThat(result.get("predictions").get(0).get("label").asString()).isEqualTo("red");
        assertThat(result.get("predictions").get(1).get("label").asString()).as("blue now comes second").isEqualTo("blue");
        assertThat(result.get("predictions").get(1).get("score").asDouble()).isCloseTo(e[2] / sum, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(json(classify(image(16, 16, 0xff0000, "png"), "tinted", "1")).get("model").get("version").asString()).isEqualTo("2");
    }

    @Test
    void badUploadsAreProblemsAndQuick() {
        long start = System.nanoTime();
        assertProblem(classify(new byte[0], null, null), 400, "bad-request");
        assertProblem(classify("not an image at all".getBytes(), null, null), 415, "unsupported-media-type");
        byte[] jpeg = image(200, 200, 0x808080, "jpeg");
        assertProblem(classify(Arrays.copyOf(jpeg, jpeg.length / 2), null, null), 422, "image-unreadable");
        assertProblem(classify(TestImages.pngHeader(100_000, 100_000), null, null), 422, "image-too-large");
        assertProblem(classify(new byte[2 * 1024 * 1024], null, null), 413, "payload-too-large");
        assertProblem(classify(jpeg, "no-such-model", null), 404, "model-not-found");
        assertProblem(classify(jpeg, "colours:9", null), 404, "model-not-found");
        assertProblem(classify(jpeg, null, "0"), 400, "bad-request");
        assertProblem(classify(jpeg, null, "1000"), 400, "bad-request");
        assertProblem(classify(null, "colours", null), 400, "bad-request");
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).as("seconds for all bad uploads").isLessThan(20);
        client.get().uri(URI.create("http://localhost:" + port + "/actuator/health/readiness")).exchange().expectStatus().isOk();
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() throws Exception {
        byte[] jpeg = image(224, 224, 0x445566, "jpeg");
        List<CompletableFuture<EntityExchangeResult<byte[]>>> burst = IntStream.range(0, 24)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> classify(jpeg, "resnet18", "1"))).toList();
        int ok = 0;
        int refused = 0;
        for (var f : burst) {
            var r = f.get();
            if (r.getStatus().value() == 429) {
                assertProblem(r, 429, "too-many-requests");
                assertThat(r.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
                refused++;
            } else {
                assertThat(r.getStatus().value()).isEqualTo(200);
                ok++;
            }
        }
        assertThat(refused).as("refused with a queue of 2").isPositive();
        assertThat(ok).as("answered").isPositive();
    }
}
