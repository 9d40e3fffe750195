package org.iiifml.colorizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.iiifml.canvasjobs.testing.FetcherProcess;
import org.iiifml.canvasjobs.testing.JobPolling;
import org.iiifml.canvasjobs.testing.LocalIiifServer;
import org.iiifml.colorizer.colorize.ColorizerTest;
import org.iiifml.colorizer.colorize.MachineMadeTest;
import org.iiifml.colorizer.models.ColorizationContract;
import org.iiifml.colorizer.models.ColorizationTestModels;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.iiif.testing.PresentationSchema;
import org.iiifml.inference.store.ModelStore;
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
 * End to end on real sockets: a local IIIF server (Image API 3, level 2) with a three-page book of grey
 * pages, the packaged iiif-fetcher as its own process, and this service with a model of known weights
 * (it answers sRGB red's ab everywhere). A job colourises every page at full resolution; the zip, the
 * derivative and Choice manifests (validated and read back with the IIIF library), the level-0 image
 * services they point at, and the annotated manifest are checked.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"suite.jobs.poll-interval=100ms"})
class ColorizeJobsIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final LocalIiifServer IIIF;
    static final String BOOK;
    static final Path STORE;
    static final Path RESULTS;
    static FetcherProcess fetcher;

    static {
        Map<String, BufferedImage> pages = new LinkedHashMap<>();
        for (String id : List.of("p1", "p2", "p3")) {
            BufferedImage page = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 400; y++) {
                for (int x = 0; x < 600; x++) {
                    page.setRGB(x, y, 0x7f7f7f);
                }
            }
            pages.put(id, page);
        }
        IIIF = new LocalIiifServer(pages, Map.of("p1", "p. 1", "p2", "p. 2", "p3", "Carte postale — «Le Pont»"), 0.5);
        BOOK = IIIF.manifest("postcards", List.of("p1", "p2", "p3"));
        try {
            STORE = Files.createTempDirectory("colorizer-models");
            RESULTS = Files.createTempDirectory("colorizer-results");
            byte[] onnx = ColorizationTestModels.labAb(256, 64, 0, ColorizerTest.RED_A / 110, 0, ColorizerTest.RED_B / 110, false);
            new ModelStore(STORE).write(ColorizationTestModels.descriptor("red", ColorizationContract.LAB, 256, onnx, null), onnx);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        fetcher = FetcherProcess.start("colorize-jobs-it");
        registry.add("suite.fetcher.base-url", fetcher::baseUrl);
        registry.add("suite.colorizer.model-directory", STORE::toString);
        registry.add("suite.colorizer.results-directory", RESULTS::toString);
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

    HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    String at(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    JsonNode awaitEnd(String id) throws Exception {
        return JobPolling.awaitEnd(HTTP, "http://127.0.0.1:" + port + "/api/colorizer/jobs/" + id);
    }

    @Test
    void aBookIsColourisedAtFullResolutionAndServedAsIiif() throws Exception {
        HttpResponse<byte[]> created = HTTP.send(HttpRequest.newBuilder(URI.create(at("/api/colorizer/jobs")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"manifestUrl\": \"" + BOOK + "\", \"options\": {\"mark\": false}}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        JsonNode job = awaitEnd(id);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("reproducibility").get("model").get("name").asString()).isEqualTo("red");

        // The zip: one full-resolution JPEG a page (the image's 600 × 400, not the canvas's 300 × 200), red, with its XMP.
        List<String> names = new ArrayList<>();
        byte[] first = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(get(at("/api/colorizer/jobs/" + id + "/images.zip")).body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
                byte[] bytes = zip.readAllBytes();
                if (first == null) {
                    first = bytes;
                }
                if (e.getName().equals("index.csv")) {
                    assertThat(new String(bytes)).contains("0003_carte-postale-le-pont_01.jpg").contains("600,400");
                }
            }
        }
        assertThat(names).containsExactly("0001_p-1_01.jpg", "0002_p-2_01.jpg", "0003_carte-postale-le-pont_01.jpg", "index.csv");
        BufferedImage colourised = ImageIO.read(new ByteArrayInputStream(first));
        assertThat(colourised.getWidth()).isEqualTo(600);
        assertThat(colourised.getHeight()).isEqualTo(400);
        assertThat((colourised.getRGB(300, 200) >> 16) & 0xff).isGreaterThan(240);
        assertThat(MachineMadeTest.jpegXmp(first)).contains("compositeWithTrainedAlgorithmicMedia").contains(IIIF.url("/img/p1"));

        // The derivative manifest: valid Presentation 3, read back, each canvas painted by a served level-0 image.
        JsonNode derivative = JSON.readTree(get(at("/api/colorizer/jobs/" + id + "/derivative-manifest")).body());
        assertThat(PresentationSchema.errors(derivative)).isEmpty();
        assertThat(derivative.get("label").get("en").get(0).asString()).contains("colourised");
        assertThat(derivative.get("seeAlso").get(0).get("id").asString()).isEqualTo(BOOK);
        assertThat(derivative.get("provider").toString()).contains("IIIF ML Suite");
        assertThat(derivative.get("requiredStatement").get("value").get("en").get(0).asString())
                .contains("generated by the model red version 1").contains("not historical evidence");
        assertThat(derivative.get("items").get(0).get("annotations").get(0).get("items").get(0).get("motivation").asString()).isEqualTo("describing");
        assertThat(derivative.get("items").get(0).get("annotations").toString()).contains("red 1").contains("mark=false");
        Manifest read = new PresentationReader().readManifest(derivative);
        assertThat(read.canvases()).hasSize(3);
        for (Canvas canvas : read.canvases()) {
            var image = canvas.firstImage().orElseThrow();
            assertThat(image.width()).isEqualTo(600);
            String service = image.preferredService().orElseThrow().id();
            JsonNode info = JSON.readTree(get(service + "/info.json").body());
            assertThat(info.get("profile").asString()).isEqualTo("level0");
            assertThat(info.get("width").asInt()).isEqualTo(600);
            assertThat(info.get("sizes").get(0).get("width").asInt()).isEqualTo(600);
            HttpResponse<byte[]> full = get(image.id());
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(full.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(ImageIO.read(new ByteArrayInputStream(full.body())).getWidth()).isEqualTo(600);
            JsonNode smaller = info.get("sizes").get(1);
            HttpResponse<byte[]> small = get(service + "/full/" + smaller.get("width").asInt() + "," + smaller.get("height").asInt() + "/0/default.jpg");
            assertThat(ImageIO.read(new ByteArrayInputStream(small.body())).getWidth()).isEqualTo(smaller.get("width").asInt());
            assertThat(get(service + "/full/123,45/0/default.jpg").statusCode()).as("not a listed size").isEqualTo(400);
        }
        assertThat(get(at("/api/colorizer/images/" + "0".repeat(64) + "/info.json")).statusCode()).isEqualTo(404);

        // The Choice manifest: the original first (a client without Choice shows it), the colourised second.
        JsonNode choice = JSON.readTree(get(at("/api/colorizer/jobs/" + id + "/choice-manifest")).body());
        assertThat(PresentationSchema.errors(choice)).isEmpty();
        JsonNode body = choice.get("items").get(0).get("items").get(0).get("items").get(0).get("body");
        assertThat(body.get("type").asString()).isEqualTo("Choice");
        assertThat(body.get("items").get(0).get("service").get(0).get("id").asString()).isEqualTo(IIIF.url("/img/p1"));
        assertThat(body.get("items").get(1).get("id").asString()).contains("/api/colorizer/images/");
        Manifest choices = new PresentationReader().readManifest(choice);
        assertThat(choices.canvases().get(0).firstImage().orElseThrow().preferredService().orElseThrow().id()).isEqualTo(IIIF.url("/img/p1"));

        // The shared annotated manifest: a describing annotation on each canvas of the source.
        String annotated = new String(get(at("/api/colorizer/jobs/" + id + "/manifest")).body());
        assertThat(annotated).contains("\"describing\"").contains("Colourised by machine");
    }

    /** By reference: fetched once at full size through the fetcher, colourised, its exact request in the XMP. */
    @Test
    void anImageServiceIsColourisedByReference() throws Exception {
        HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(URI.create(at("/api/colorizer/colorize/iiif")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"imageServiceUrl\": \"" + IIIF.url("/img/p2") + "\"}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Colorizer-Model")).hasValue("red");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.body()));
        assertThat(image.getWidth()).isEqualTo(600);
        assertThat((image.getRGB(10, 10) >> 16) & 0xff).isGreaterThan(240);
        assertThat(MachineMadeTest.jpegXmp(answer.body())).contains("<dc:source>" + IIIF.url("/img/p2/full/"));

        HttpResponse<byte[]> neither = HTTP.send(HttpRequest.newBuilder(URI.create(at("/api/colorizer/colorize/iiif")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(neither.statusCode()).isEqualTo(400);
        assertThat(new String(neither.body())).contains("give either imageServiceUrl");
    }
}
