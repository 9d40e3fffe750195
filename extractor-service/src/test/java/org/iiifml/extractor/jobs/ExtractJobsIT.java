package org.iiifml.extractor.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.iiifml.extractor.evaluation.BookPageGenerator;
import org.iiifml.extractor.evaluation.BookPageGenerator.Kind;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.iiif.annotation.AnnotationReader;
import org.iiifml.iiif.image.Region;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.iiif.testing.PresentationSchema;
import org.iiifml.inference.detection.Detection;
import org.iiifml.inference.detection.DetectionMetrics;
import org.iiifml.canvasjobs.testing.FetcherProcess;
import org.iiifml.canvasjobs.testing.JobPolling;
import org.iiifml.canvasjobs.testing.LocalIiifServer;
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
 * End to end on real sockets: a local IIIF server (Image API 3, level 2, rendering each region and size it
 * is asked for) with a three-page book, the packaged iiif-fetcher as its own process, and this service.
 * An extraction job finds the generated pages' illustrations; the regions, the zip of full-resolution
 * crops and the annotated manifest (read back with the IIIF library) are checked against the true boxes.
 * Canvases are half the size of their images, so every coordinate passes through two scales. A canvas
 * without an image, a corrupt image and an unreachable manifest fail their item or job with a problem.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"suite.jobs.poll-interval=100ms"})
class ExtractJobsIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Map<String, BookPageGenerator.Page> PAGES = new LinkedHashMap<>();
    static final LocalIiifServer IIIF;
    static final String BOOK;
    static final String BAD;
    static FetcherProcess fetcher;

    static {
        BookPageGenerator generator = new BookPageGenerator(42);
        PAGES.put("p1", generator.page(Kind.PHOTOGRAPH));
        PAGES.put("p2", generator.page(Kind.TEXT));
        PAGES.put("p3", generator.page(Kind.ENGRAVING));
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        PAGES.forEach((id, page) -> images.put(id, page.image()));
        IIIF = new LocalIiifServer(images, Map.of("p1", "p. 1", "p2", "p. 2", "p3", "Plate II — «Le Pont»"), 0.5);
        BOOK = IIIF.manifest("book", List.of("p1", "p2", "p3"));
        BAD = IIIF.manifest("bad", List.of("nothing", "broken", "p2"));
    }

    @DynamicPropertySource
    static void fetcher(DynamicPropertyRegistry registry) throws Exception {
        fetcher = FetcherProcess.start("extract-jobs-it");
        registry.add("suite.fetcher.base-url", fetcher::baseUrl);
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

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    JsonNode create(String manifestUrl) throws Exception {
        HttpResponse<byte[]> created = send(at("/api/extractor/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"manifestUrl\": \"" + manifestUrl + "\"}")));
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    JsonNode awaitEnd(String id) throws Exception {
        return JobPolling.awaitEnd(HTTP, "http://127.0.0.1:" + port + "/api/extractor/jobs/" + id);
    }

    /** The true boxes of a page, on its canvas (half the image's pixels). */
    static List<Detection> truthOnCanvas(String id) {
        return PAGES.get(id).truth().stream().map(t -> t.scaled(0.5, 0.5)).toList();
    }

    /** The source is read when the job is planned; its items fetch pixels only. */
    @Test
    void aJobReadsItsManifestOnceAndEachImagesInformationAtMostOnce() throws Exception {
        List<String> pages = List.of("p1", "p2", "p3");
        String manifest = IIIF.manifest("counted", pages);
        JsonNode job = awaitEnd(create(manifest).get("id").asString());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("progress").get("done").asInt()).isEqualTo(pages.size());
        assertThat(IIIF.requests("/counted.json")).as("manifest reads").isEqualTo(1);
        for (String page : pages) {
            assertThat(IIIF.requests("/img/" + page + "/info.json")).as(page + " image information reads").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aBookIsExtractedIntoRegionsCropsAndAnAnnotatedManifest() throws Exception {
        JsonNode job = awaitEnd(create(BOOK).get("id").asString());
        String id = job.get("id").asString();
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("progress").get("done").asInt()).isEqualTo(3);
        assertThat(job.get("reproducibility").get("model").get("name").asString()).isEqualTo("illustrations");
        // Pages were asked for at the detector's size, never full size.
        for (JsonNode item : job.get("items")) {
            assertThat(item.get("result").get("iiifRequest").asString()).doesNotContain("/max/").doesNotContain("/full/0/");
        }

        // Regions: canvas coordinates match the true boxes; region URLs are in image pixels at full size.
        JsonNode regions = JSON.readTree(send(at("/api/extractor/jobs/" + id + "/regions")).body());
        Map<String, List<Detection>> found = new LinkedHashMap<>();
        Map<String, List<Detection>> urlBoxes = new LinkedHashMap<>();
        Pattern url = Pattern.compile(Pattern.quote(IIIF.url("/img/")) + "(\\w+)/(\\d+),(\\d+),(\\d+),(\\d+)/max/0/default.jpg");
        for (JsonNode r : regions.get("regions")) {
            String page = r.get("canvasId").asString().replaceAll(".*/", "");
            found.computeIfAbsent(page, k -> new ArrayList<>()).add(new Detection(r.get("x").asInt(), r.get("y").asInt(),
                    r.get("w").asInt(), r.get("h").asInt(), r.get("score").floatValue(), 0, "illustration"));
            Matcher m = url.matcher(r.get("iiifRegionUrl").asString());
            assertThat(m.matches()).as(r.get("iiifRegionUrl").asString()).isTrue();
            assertThat(m.group(1)).isEqualTo(page);
            urlBoxes.computeIfAbsent(page, k -> new ArrayList<>()).add(new Detection(Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), 1f, 0, "x"));
        }
        assertThat(found).as("the text page has no regions").doesNotContainKey("p2");
        for (String page : List.of("p1", "p3")) {
            DetectionMetrics onCanvas = DetectionMetrics.of(found.get(page), truthOnCanvas(page), 0.75);
            assertThat(onCanvas.falsePositives() + onCanvas.falseNegatives()).as("%s: %s vs %s", page, found.get(page),
                    truthOnCanvas(page)).isZero();
            DetectionMetrics inImage = DetectionMetrics.of(urlBoxes.get(page), PAGES.get(page).truth(), 0.75);
            assertThat(inImage.falseNegatives()).as("%s region URLs in image pixels", page).isZero();
        }
        int total = regions.get("regions").size();

        // The zip: one full-resolution JPEG per region with a generated name, and the index.
        HttpResponse<byte[]> zip = send(at("/api/extractor/jobs/" + id + "/crops.zip"));
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment").contains("filename*=UTF-8''");
        List<String> names = new ArrayList<>();
        Map<String, int[]> cropSizes = new LinkedHashMap<>();
        String index = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("index.csv")) {
                    index = new String(content, StandardCharsets.UTF_8);
                    continue;
                }
                assertThat(e.getName()).matches("\\d{4}_[a-z0-9-]+_\\d{2}\\.jpg");
                names.add(e.getName());
                BufferedImage crop = ImageIO.read(new ByteArrayInputStream(content));
                assertThat(crop).as(e.getName()).isNotNull();
                cropSizes.put(e.getName(), new int[] {crop.getWidth(), crop.getHeight()});
            }
        }
        assertThat(names).hasSize(total).doesNotHaveDuplicates();
        assertThat(names).anyMatch(n -> n.startsWith("0003_plate-ii-le-pont_01"));
        assertThat(index).isNotNull();
        assertThat(index.lines().count()).isEqualTo(total + 1);
        assertThat(index.lines().findFirst().orElseThrow()).startsWith("file,page,canvas_id");
        // Full resolution: each crop is its region in image pixels (twice its size on the canvas), as its URL says.
        for (String row : index.lines().skip(1).toList()) {
            String file = row.substring(0, row.indexOf(','));
            Matcher m = url.matcher(row);
            assertThat(m.find()).as(row).isTrue();
            assertThat(cropSizes.get(file)).as(row).containsExactly(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        }

        // The annotated manifest, read back with the IIIF library: one tagging annotation per region.
        HttpResponse<byte[]> annotated = send(at("/api/extractor/jobs/" + id + "/manifest"));
        assertThat(annotated.statusCode()).isEqualTo(200);
        assertThat(annotated.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode manifestJson = JSON.readTree(annotated.body());
        assertThat(PresentationSchema.errors(manifestJson)).isEmpty();
        Manifest manifest = new PresentationReader().readManifest(manifestJson);
        assertThat(manifest.canvases()).hasSize(3);
        int annotations = 0;
        for (JsonNode canvas : manifestJson.get("items")) {
            for (JsonNode page : canvas.path("annotations")) {
                List<Annotation> read = new AnnotationReader().read(page);
                for (Annotation a : read) {
                    assertThat(a.motivations()).containsExactly("tagging");
                    assertThat(a.bodies().get(0).value()).isEqualTo("illustration");
                    assertThat(a.bodies().get(0).confidence()).isBetween(0.0, 1.0);
                    assertThat(a.generator().name()).contains("illustrations");
                    Region r = a.target().region();
                    assertThat(r).isNotNull();
                    assertThat(a.target().source()).isEqualTo(canvas.get("id").asString());
                    annotations++;
                }
            }
        }
        assertThat(annotations).isEqualTo(total);
    }

    @Test
    void aCanvasWithoutAnImageAndACorruptImageFailTheirItemsNotTheJob() throws Exception {
        JsonNode job = awaitEnd(create(BAD).get("id").asString());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        JsonNode items = job.get("items");
        assertThat(items.get(0).get("state").asString()).isEqualTo("failed");
        assertThat(items.get(0).get("problem").get("detail").asString()).contains("paints no image");
        assertThat(items.get(1).get("state").asString()).isEqualTo("failed");
        assertThat(items.get(1).get("problem").get("type").asString()).isEqualTo("urn:iiif-ml:problem:image-unreadable");
        assertThat(items.get(2).get("state").asString()).isEqualTo("succeeded");
        // The zip of a job with failed items holds what succeeded.
        assertThat(send(at("/api/extractor/jobs/" + job.get("id").asString() + "/crops.zip")).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnreachableManifestFailsTheJobWithAProblemAndTheServiceStaysReady() throws Exception {
        JsonNode job = awaitEnd(create("http://127.0.0.1:1/none.json").get("id").asString());
        assertThat(job.get("state").asString()).isEqualTo("failed");
        assertThat(job.get("problem").get("type").asString()).startsWith("urn:iiif-ml:problem:");
        assertThat(send(at("/actuator/health/readiness")).statusCode()).isEqualTo(200);
        assertThat(send(at("/api/extractor/jobs/" + java.util.UUID.randomUUID() + "/crops.zip")).statusCode()).isEqualTo(404);
    }
}
