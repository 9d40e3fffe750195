package org.iiifml.extractor.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.iiifml.inference.detection.Detection;
import org.iiifml.inference.detection.DetectionMetrics;
import org.iiifml.inference.testing.TestImages;
import org.iiifml.jobs.TestDatabase;
import org.iiifml.support.outbound.StubServer;
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
    static final StubServer IIIF = new StubServer();
    static final Map<String, BookPageGenerator.Page> PAGES = new LinkedHashMap<>();
    static final Map<String, String> LABELS = Map.of("p1", "p. 1", "p2", "p. 2", "p3", "Plate II — «Le Pont»");
    static Process fetcher;

    static {
        BookPageGenerator generator = new BookPageGenerator(42);
        PAGES.put("p1", generator.page(Kind.PHOTOGRAPH));
        PAGES.put("p2", generator.page(Kind.TEXT));
        PAGES.put("p3", generator.page(Kind.ENGRAVING));
        IIIF.stopRecording();
        IIIF.answer((req, res) -> {
            String path = req.uri();
            if (path.equals("/book.json")) {
                return StubServer.json(res, manifest(List.of("p1", "p2", "p3")));
            }
            if (path.equals("/bad.json")) {
                return StubServer.json(res, manifest(List.of("nothing", "broken", "p2")));
            }
            Matcher info = Pattern.compile("/img/(\\w+)/info.json").matcher(path);
            if (info.matches()) {
                BufferedImage image = image(info.group(1));
                return StubServer.json(res, """
                        {"@context": "http://iiif.io/api/image/3/context.json", "id": "%s", "type": "ImageService3",
                         "protocol": "http://iiif.io/api/image", "profile": "level2", "width": %d, "height": %d}"""
                        .formatted(IIIF.url("/img/" + info.group(1)), image.getWidth(), image.getHeight()));
            }
            Matcher request = Pattern.compile("/img/(\\w+)/([^/]+)/([^/]+)/0/default.jpg").matcher(path);
            if (request.matches()) {
                byte[] body = request.group(1).equals("broken") ? Arrays.copyOf(TestImages.solid(400, 600, 0x777777, "jpeg"), 900)
                        : render(image(request.group(1)), request.group(2), request.group(3));
                return res.header("Content-Type", "image/jpeg").sendByteArray(reactor.core.publisher.Mono.just(body)).then();
            }
            return res.status(404).send();
        });
    }

    static BufferedImage image(String id) {
        return PAGES.containsKey(id) ? PAGES.get(id).image() : new BufferedImage(800, 1200, BufferedImage.TYPE_INT_RGB);
    }

    /** The Image API request rendered: region full or x,y,w,h; size max, w,, ,h, w,h or !w,h. */
    static byte[] render(BufferedImage image, String region, String size) {
        int x = 0;
        int y = 0;
        int w = image.getWidth();
        int h = image.getHeight();
        if (!region.equals("full")) {
            String[] r = region.split(",");
            x = Integer.parseInt(r[0]);
            y = Integer.parseInt(r[1]);
            w = Math.min(Integer.parseInt(r[2]), image.getWidth() - x);
            h = Math.min(Integer.parseInt(r[3]), image.getHeight() - y);
        }
        int ow = w;
        int oh = h;
        String s = size.replace("^", "");
        if (s.startsWith("!")) {
            String[] wh = s.substring(1).split(",");
            double scale = Math.min(Double.parseDouble(wh[0]) / w, Double.parseDouble(wh[1]) / h);
            ow = (int) Math.round(w * scale);
            oh = (int) Math.round(h * scale);
        } else if (s.endsWith(",")) {
            ow = Integer.parseInt(s.substring(0, s.length() - 1));
            oh = (int) Math.round((double) h * ow / w);
        } else if (s.startsWith(",")) {
            oh = Integer.parseInt(s.substring(1));
            ow = (int) Math.round((double) w * oh / h);
        } else if (s.contains(",")) {
            ow = Integer.parseInt(s.split(",")[0]);
            oh = Integer.parseInt(s.split(",")[1]);
        }
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, ow, oh, x, y, x + w, y + h, null);
        g.dispose();
        return TestImages.encode(out, "jpeg");
    }

    /** Canvases half their image's size; "nothing" paints no image. */
    static String manifest(List<String> ids) {
        List<String> canvases = new ArrayList<>();
        for (String id : ids) {
            BufferedImage image = image(id);
            String body = id.equals("nothing") ? "" : """
                    {"id": "%1$s/anno/%2$s", "type": "Annotation", "motivation": "painting", "target": "%1$s/canvas/%2$s",
                     "body": {"id": "%3$s/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                       "service": [{"id": "%3$s", "type": "ImageService3", "profile": "level2"}]}}"""
                    .formatted(IIIF.url("/book"), id, IIIF.url("/img/" + id));
            canvases.add("""
                    {"id": "%1$s/canvas/%2$s", "type": "Canvas", "label": {"en": ["%5$s"]}, "width": %3$d, "height": %4$d,
                     "items": [{"id": "%1$s/page/%2$s", "type": "AnnotationPage", "items": [%6$s]}]}"""
                    .formatted(IIIF.url("/book"), id, image.getWidth() / 2, image.getHeight() / 2, LABELS.getOrDefault(id, id), body));
        }
        return """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%s", "type": "Manifest",
                 "label": {"en": ["A book of three pages"]}, "items": [%s]}""".formatted(IIIF.url("/book.json"), String.join(",", canvases));
    }

    @DynamicPropertySource
    static void fetcher(DynamicPropertyRegistry registry) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestDatabase.Server db = TestDatabase.server();
        Path log = Path.of("target", "it-extractor-fetcher.log");
        Files.createDirectories(log.getParent());
        fetcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                System.getProperty("fetcher.jar"), "--server.port=" + port, "--suite.outbound.allow-loopback=true",
                "--suite.jobs.database.url=" + db.url(), "--suite.jobs.database.username=" + db.username(),
                "--suite.jobs.database.password=" + db.password(), "--suite.jobs.database.schema=" + TestDatabase.freshSchema())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            assertThat(fetcher.isAlive()).as("the fetcher runs (log: %s)", log).isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("the fetcher is ready in time (log: %s)", log).isLessThan(deadline);
            Thread.sleep(200);
        }
        String base = "http://127.0.0.1:" + port;
        registry.add("suite.fetcher.base-url", () -> base);
    }

    @AfterAll
    static void stop() {
        if (fetcher != null) {
            fetcher.destroyForcibly();
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
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            JsonNode job = JSON.readTree(send(at("/api/extractor/jobs/" + id)).body());
            if (List.of("succeeded", "failed", "cancelled").contains(job.get("state").asString())) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s ends in time: %s", id, job).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The true boxes of a page, on its canvas (half the image's pixels). */
    static List<Detection> truthOnCanvas(String id) {
        return PAGES.get(id).truth().stream().map(t -> t.scaled(0.5, 0.5)).toList();
    }

    @Test
    void aBookIsExtractedIntoRegionsCropsAndAnAnnotatedManifest() throws Exception {
        JsonNode job = awaitEnd(create(IIIF.url("/book.json")).get("id").asString());
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
        JsonNode job = awaitEnd(create(IIIF.url("/bad.json")).get("id").asString());
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
