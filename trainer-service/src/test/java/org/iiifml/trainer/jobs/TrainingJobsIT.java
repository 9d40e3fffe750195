package org.iiifml.trainer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iiifml.canvasjobs.testing.FetcherProcess;
import org.iiifml.canvasjobs.testing.JobPolling;
import org.iiifml.canvasjobs.testing.LocalIiifServer;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.trainer.colorization.TestPictures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end on real sockets: a local IIIF server with a manifest of twelve colour pictures (one of them
 * twice), the packaged iiif-fetcher as its own process, and this service. A training job fetches each
 * canvas, trains a colouriser on DJL and publishes it to the model store; its figures, curve and preview
 * are served; bad options are refused before any job exists.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"suite.jobs.poll-interval=100ms", "suite.trainer.checkpoint-steps=2",
        "suite.trainer.max-dataset-pixels=50000"})
class TrainingJobsIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final LocalIiifServer IIIF;
    static final String PICTURES;
    static final Path STORE;
    static final Path WORK;
    static FetcherProcess fetcher;

    static {
        Map<String, BufferedImage> pages = new LinkedHashMap<>();
        List<int[]> pictures = TestPictures.colour(11, 64, 9);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < pictures.size(); i++) {
            BufferedImage page = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            page.setRGB(0, 0, 64, 64, pictures.get(i), 0, 64);
            pages.put("c" + i, page);
            ids.add("c" + i);
        }
        pages.put("again", pages.get("c0"));
        ids.add("again");
        Map<String, String> labels = new LinkedHashMap<>();
        ids.forEach(id -> labels.put(id, "picture " + id));
        IIIF = new LocalIiifServer(pages, labels, 1.0);
        PICTURES = IIIF.manifest("pictures", ids);
        try {
            STORE = Files.createTempDirectory("trainer-models");
            WORK = Files.createTempDirectory("trainer-work");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        fetcher = FetcherProcess.start("training-jobs-it");
        registry.add("suite.fetcher.base-url", fetcher::baseUrl);
        registry.add("suite.trainer.model-directory", STORE::toString);
        registry.add("suite.trainer.work-directory", WORK::toString);
    }

    @AfterAll
    static void stop() {
        if (fetcher != null) {
            fetcher.close();
        }
        IIIF.close();
    }

    @LocalServerPort
    int port;

    String at(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<byte[]> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(at(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aCollectionOfColourPicturesTrainsAColouriserThatIsPublished() throws Exception {
        HttpResponse<byte[]> created = post("/api/trainer/jobs", "{\"manifestUrl\": \"" + PICTURES + "\", \"options\": {\"task\": \"colorization\","
                + " \"name\": \"it-colours\", \"imageSize\": 32, \"epochs\": 3, \"batchSize\": 4, \"width\": 4, \"licence\": \"CC0-1.0\"}}");
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        JsonNode job = JobPolling.awaitEnd(HTTP, at("/api/trainer/jobs/" + id));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        JsonNode items = job.get("items");
        assertThat(items).hasSize(13);
        JsonNode last = items.get(12);
        assertThat(last.get("label").asString()).isEqualTo("training");
        JsonNode result = last.get("result");
        assertThat(result.get("model").asString()).startsWith("it-colours:");
        assertThat(result.get("trainImages").asInt() + result.get("validationImages").asInt()).as("the picture met twice counts once").isEqualTo(11);
        assertThat(result.get("validationImages").asInt()).isPositive();
        assertThat(result.get("onnxParityMaxAbsDiff").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(items.get(0).get("result").get("sha256").asString()).isEqualTo(items.get(11).get("result").get("sha256").asString());

        var stored = new ModelStore(STORE).list();
        assertThat(stored).hasSize(1);
        var descriptor = stored.get(0).descriptor();
        assertThat(descriptor.key()).isEqualTo(result.get("model").asString());
        assertThat(descriptor.licence()).isEqualTo("CC0-1.0");
        assertThat(descriptor.provenance().path("dataset").path("manifestUrl").asString()).isEqualTo(PICTURES);
        assertThat(descriptor.provenance().path("dataset").path("counts").path("validation").asInt())
                .isEqualTo(result.get("validationImages").asInt());

        JsonNode training = JSON.readTree(get(at("/api/trainer/jobs/" + id + "/training")).body());
        assertThat(training.get("state").asString()).isEqualTo("ended");
        assertThat(training.get("epochs")).hasSize(3);
        assertThat(training.get("epochs").get(0).get("deltaE").asDouble()).isPositive();
        HttpResponse<byte[]> curve = get(training.get("curve").asString());
        assertThat(curve.statusCode()).isEqualTo(200);
        assertThat(curve.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(new String(curve.body())).startsWith("<svg");
        HttpResponse<byte[]> preview = get(training.get("preview").asString());
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(preview.body())).getWidth()).isEqualTo(96);
    }

    /** Two canvases make two images, fewer than suite.trainer.min-images (4): the training fails, and with it the job. */
    @Test
    void aTrainingThatFailsFailsItsJob() throws Exception {
        String canvases = "[\"" + IIIF.url("/pictures/canvas/c1") + "\", \"" + IIIF.url("/pictures/canvas/c2") + "\"]";
        HttpResponse<byte[]> created = post("/api/trainer/jobs", "{\"manifestUrl\": \"" + PICTURES + "\", \"canvasIds\": " + canvases
                + ", \"options\": {\"task\": \"colorization\", \"imageSize\": 32, \"epochs\": 1}}");
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        JsonNode job = JobPolling.awaitEnd(HTTP, at("/api/trainer/jobs/" + JSON.readTree(created.body()).get("id").asString()));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("failed");
        JsonNode training = job.get("items").get(2);
        assertThat(training.get("state").asString()).isEqualTo("failed");
        assertThat(training.get("problem").get("type").asString()).isEqualTo("urn:iiif-ml:problem:training-failed");
        assertThat(training.get("problem").get("detail").asString()).contains("suite.trainer.min-images");
    }

    /** Eleven images at 96 px are 101,376 pixels, past suite.trainer.max-dataset-pixels (50,000 here): refused before training. */
    @Test
    void aDatasetTooLargeToHoldIsRefusedBeforeItTrains() throws Exception {
        HttpResponse<byte[]> created = post("/api/trainer/jobs", "{\"manifestUrl\": \"" + PICTURES + "\", \"options\": {\"task\": \"colorization\","
                + " \"imageSize\": 96, \"epochs\": 1}}");
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        JsonNode job = JobPolling.awaitEnd(HTTP, at("/api/trainer/jobs/" + JSON.readTree(created.body()).get("id").asString()));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("failed");
        JsonNode problem = job.get("items").get(12).get("problem");
        assertThat(problem.get("type").asString()).isEqualTo("urn:iiif-ml:problem:training-failed");
        assertThat(problem.get("detail").asString()).contains("suite.trainer.max-dataset-pixels");
    }

    @Test
    void badOptionsAreRefusedBeforeAnyJobExists() throws Exception {
        String source = "{\"manifestUrl\": \"" + PICTURES + "\", \"options\": ";
        for (String options : List.of("{}", "{\"task\": \"painting\"}", "{\"task\": \"colorization\", \"imageSize\": 4096}",
                "{\"task\": \"colorization\", \"imageSize\": 100}", "{\"task\": \"colorization\", \"epochs\": 0}",
                "{\"task\": \"colorization\", \"name\": \"Bad Name\"}", "{\"task\": \"colorization\", \"colour\": true}")) {
            HttpResponse<byte[]> answer = post("/api/trainer/jobs", source + options + "}");
            assertThat(answer.statusCode()).as(options).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        HttpResponse<byte[]> big = post("/api/trainer/jobs", source + "{\"task\": \"colorization\", \"imageSize\": 4096}}");
        assertThat(new String(big.body())).contains("suite.trainer.max-image-size");
        HttpResponse<byte[]> classification = post("/api/trainer/jobs", source + "{\"task\": \"classification\"}}");
        assertThat(classification.statusCode()).isEqualTo(422);
        assertThat(new String(classification.body())).contains("not built yet");
    }
}
