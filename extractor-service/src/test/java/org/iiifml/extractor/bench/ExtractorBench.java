package org.iiifml.extractor.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iiifml.extractor.ExtractorApplication;
import org.iiifml.extractor.evaluation.BookPageGenerator;
import org.iiifml.extractor.evaluation.BookPageGenerator.Kind;
import org.iiifml.canvasjobs.testing.FetcherProcess;
import org.iiifml.canvasjobs.testing.LocalIiifServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./bench.sh extractor}: an extraction job over a book on a local IIIF server (Image API level 2,
 * rendering each request from scan-sized pages), through the packaged fetcher (its own process) and this
 * service with the built-in detector: pages per minute, fetch included; the image bytes the job fetched
 * against downloading every page at full size; then the crops zip. Prints RESULT lines; asserts no time.
 */
class ExtractorBench {

    static final int PAGES = Integer.getInteger("bench.pages", 16);
    static final double SCAN_SCALE = 1.6; // generated pages are ~1100 px wide; scans are larger

    @Test
    void pagesPerMinute() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        BookPageGenerator generator = new BookPageGenerator(99);
        Kind[] cycle = {Kind.PHOTOGRAPH, Kind.TEXT, Kind.ENGRAVING, Kind.TEXT, Kind.LINE_DRAWING, Kind.TEXT};
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        long fullSizeBytes = 0;
        for (int i = 0; i < PAGES; i++) {
            BufferedImage page = generator.page(cycle[i % cycle.length]).image();
            BufferedImage scan = new BufferedImage((int) (page.getWidth() * SCAN_SCALE), (int) (page.getHeight() * SCAN_SCALE),
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scan.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(page, 0, 0, scan.getWidth(), scan.getHeight(), null);
            g.dispose();
            images.put("p" + i, scan);
            fullSizeBytes += LocalIiifServer.render(scan, "full", "max").length;
        }
        try (LocalIiifServer iiif = new LocalIiifServer(images, Map.of(), 1.0);
                FetcherProcess fetcher = FetcherProcess.start("extractor-bench")) {
            String manifest = iiif.manifest("book", new ArrayList<>(images.keySet()));
            ConfigurableApplicationContext app = SpringApplication.run(ExtractorApplication.class, "--server.port=0",
                    "--suite.fetcher.base-url=" + fetcher.baseUrl(), "--suite.jobs.poll-interval=50ms");
            try {
                int port = app.getEnvironment().getProperty("local.server.port", Integer.class);
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port + "/api/extractor/jobs";
                long start = System.nanoTime();
                JsonNode created = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"manifestUrl\": \"" + manifest + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                String id = created.get("id").asString();
                JsonNode job;
                while (true) {
                    job = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/" + id)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    if (List.of("succeeded", "failed", "cancelled").contains(job.get("state").asString())) {
                        break;
                    }
                    Thread.sleep(50);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long fetched = iiif.imageBytes();
                int regions = 0;
                for (JsonNode item : job.get("items")) {
                    regions += item.path("result").path("regions").size();
                }
                long zipStart = System.nanoTime();
                HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/crops.zip"))
                        .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
                double zipSeconds = (System.nanoTime() - zipStart) / 1e9;
                System.out.printf(Locale.ROOT, "RESULT extractor.job-state %s state%n", job.get("state").asString());
                System.out.printf(Locale.ROOT, "RESULT extractor.pages %d pages%n", PAGES);
                System.out.printf(Locale.ROOT, "RESULT extractor.page-size %dx%d px%n", images.get("p0").getWidth(), images.get("p0").getHeight());
                System.out.printf(Locale.ROOT, "RESULT extractor.pages-per-minute %.1f pages/min%n", PAGES / seconds * 60);
                System.out.printf(Locale.ROOT, "RESULT extractor.seconds-per-page %.3f s%n", seconds / PAGES);
                System.out.printf(Locale.ROOT, "RESULT extractor.regions %d regions%n", regions);
                System.out.printf(Locale.ROOT, "RESULT extractor.bytes-fetched-per-page %d bytes%n", fetched / PAGES);
                System.out.printf(Locale.ROOT, "RESULT extractor.bytes-full-size-per-page %d bytes%n", fullSizeBytes / PAGES);
                System.out.printf(Locale.ROOT, "RESULT extractor.bytes-ratio %.3f ratio%n", (double) fetched / fullSizeBytes);
                System.out.printf(Locale.ROOT, "RESULT extractor.crops-zip-seconds %.2f s%n", zipSeconds);
                System.out.printf(Locale.ROOT, "RESULT extractor.crops-zip-bytes %d bytes%n", zip.body().length);
            } finally {
                app.close();
            }
        }
    }
}
