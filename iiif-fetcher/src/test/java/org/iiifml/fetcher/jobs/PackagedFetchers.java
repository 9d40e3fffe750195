package org.iiifml.fetcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.iiifml.support.outbound.StubServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fetcher's process-level tests share: a stand-in IIIF server with a book whose image services
 * answer after a delay, as real ones do, and the packaged fetcher started as real processes on it. As a
 * registered extension it stops the processes after each test and the server after all.
 */
final class PackagedFetchers implements AfterEachCallback, AfterAllCallback {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A running fetcher: its process, port and log. */
    record Fetcher(Process process, int port, Path log) {
    }

    private final StubServer iiif = new StubServer();
    private final List<Process> processes = new ArrayList<>();

    /** A book of {@code canvases} pages at {@code /book.json}, each image service answering after {@code delay}. */
    PackagedFetchers(int canvases, Duration delay) {
        iiif.stopRecording();
        iiif.answer((req, res) -> {
            String path = req.uri();
            if (path.equals("/book.json")) {
                return StubServer.json(res, manifest(canvases));
            }
            if (path.startsWith("/img/") && path.endsWith("/info.json")) {
                String id = iiif.url(path.substring(0, path.length() - "/info.json".length()));
                return Mono.delay(delay).then(StubServer.json(res, """
                        {"@context": "http://iiif.io/api/image/3/context.json", "id": "%s", "type": "ImageService3",
                         "protocol": "http://iiif.io/api/image", "profile": "level2", "width": 1600, "height": 2400}""".formatted(id)));
            }
            return res.status(404).send();
        });
    }

    String bookUrl() {
        return iiif.url("/book.json");
    }

    private String manifest(int n) {
        List<String> canvases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            canvases.add("""
                    {"id": "%1$s/canvas/%2$d", "type": "Canvas", "width": 1600, "height": 2400,
                     "items": [{"id": "%1$s/page/%2$d", "type": "AnnotationPage", "items": [{"id": "%1$s/anno/%2$d",
                       "type": "Annotation", "motivation": "painting", "target": "%1$s/canvas/%2$d",
                       "body": {"id": "%3$s/full/max/0/default.jpg", "type": "Image",
                         "service": [{"id": "%3$s", "type": "ImageService3", "profile": "level2"}]}}]}]}"""
                    .formatted(iiif.url("/book"), i, iiif.url("/img/p" + i)));
        }
        return """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%s", "type": "Manifest",
                 "label": {"en": ["A book of %d pages"]}, "items": [%s]}""".formatted(bookUrl(), n, String.join(",", canvases));
    }

    /** Starts the packaged fetcher on a free port with these arguments, logging to {@code log}; waits until ready. */
    Fetcher start(Path log, String... arguments) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("fetcher.jar"),
                "--server.port=" + port, "--suite.outbound.allow-loopback=true"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            assertThat(process.isAlive()).as("fetcher is running (log: %s)", log).isTrue();
            try {
                if (get(port, "/actuator/health/readiness").statusCode() == 200) {
                    return new Fetcher(process, port, log);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("fetcher ready in time (log: %s)", log).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a harvest job of the book; answers its id. */
    String createJob(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/iiif/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"manifestUrl\": \"" + bookUrl() + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asString();
    }

    static JsonNode awaitJob(int port, String id, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = JSON.readTree(get(port, "/api/iiif/jobs/" + id).body());
            if (condition.test(job)) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s: %s", id, job.get("progress")).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Stops what is still running, politely first (a fetcher on its embedded PostgreSQL stops that too). */
    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        processes.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        iiif.close();
    }
}
