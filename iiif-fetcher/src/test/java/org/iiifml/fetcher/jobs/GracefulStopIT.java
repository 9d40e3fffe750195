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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.iiifml.support.outbound.StubServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged fetcher on its embedded PostgreSQL, as the local run starts it, stopped with SIGTERM in the
 * middle of a job: the job runner gives its unfinished items back before the database stops, the log has
 * no error, and the next start finds those items queued at once, not held until their lease runs out.
 */
class GracefulStopIT {

    static final int CANVASES = 12;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final StubServer IIIF = new StubServer();

    static {
        IIIF.stopRecording();
        IIIF.answer((req, res) -> {
            String path = req.uri();
            if (path.equals("/book.json")) {
                return StubServer.json(res, manifest());
            }
            if (path.startsWith("/img/") && path.endsWith("/info.json")) {
                String id = IIIF.url(path.substring(0, path.length() - "/info.json".length()));
                // Slower than the stopping runner's grace: these items are still running when it stops.
                return Mono.delay(Duration.ofSeconds(20)).then(StubServer.json(res, """
                        {"@context": "http://iiif.io/api/image/3/context.json", "id": "%s", "type": "ImageService3",
                         "protocol": "http://iiif.io/api/image", "profile": "level2", "width": 1600, "height": 2400}""".formatted(id)));
            }
            return res.status(404).send();
        });
    }

    final List<Process> processes = new ArrayList<>();
    final Path directory = Path.of("target", "it-graceful-" + UUID.randomUUID()).toAbsolutePath();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @AfterAll
    static void stopIiif() {
        IIIF.close();
    }

    static String manifest() {
        List<String> canvases = new ArrayList<>();
        for (int i = 0; i < CANVASES; i++) {
            canvases.add("""
                    {"id": "%1$s/canvas/%2$d", "type": "Canvas", "width": 1600, "height": 2400,
                     "items": [{"id": "%1$s/page/%2$d", "type": "AnnotationPage", "items": [{"id": "%1$s/anno/%2$d",
                       "type": "Annotation", "motivation": "painting", "target": "%1$s/canvas/%2$d",
                       "body": {"id": "%3$s/full/max/0/default.jpg", "type": "Image",
                         "service": [{"id": "%3$s", "type": "ImageService3", "profile": "level2"}]}}]}]}"""
                    .formatted(IIIF.url("/book"), i, IIIF.url("/img/p" + i)));
        }
        return """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%s", "type": "Manifest",
                 "label": {"en": ["A slow book"]}, "items": [%s]}""".formatted(IIIF.url("/book.json"), String.join(",", canvases));
    }

    record Started(Process process, int port, Path log) {
    }

    Started start(String name, String... extra) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = directory.resolve(name + ".log");
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("fetcher.jar"),
                "--server.port=" + port, "--suite.outbound.allow-loopback=true",
                "--suite.jobs.database.embedded-directory=" + directory.resolve("postgres"),
                "--suite.jobs.lease=120s", "--suite.jobs.poll-interval=100ms", "--suite.jobs.concurrency=4",
                "--suite.jobs.shutdown-grace=1s"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            assertThat(process.isAlive()).as("fetcher %s is running (log: %s)", name, log).isTrue();
            try {
                if (get(port, "/actuator/health/readiness").statusCode() == 200) {
                    return new Started(process, port, log);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("fetcher %s ready in time (log: %s)", name, log).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static long count(JsonNode job, String state) {
        long n = 0;
        for (JsonNode item : job.get("items")) {
            n += item.get("state").asString().equals(state) ? 1 : 0;
        }
        return n;
    }

    @Test
    void sigtermMidJobGivesTheItemsBackBeforeTheDatabaseStops() throws Exception {
        Started first = start("first");
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/api/iiif/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"manifestUrl\": \"" + IIIF.url("/book.json") + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode job;
        do {
            Thread.sleep(100);
            job = JSON.readTree(get(first.port(), "/api/iiif/jobs/" + id).body());
            assertThat(System.nanoTime()).as("items start: %s", job).isLessThan(deadline);
        } while (count(job, "running") < 4);

        long stopping = System.nanoTime();
        first.process().destroy(); // SIGTERM, as Ctrl-C, docker stop and Kubernetes send
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as("stopped in time").isTrue();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        String log = Files.readString(first.log());
        assertThat(log).contains("unfinished items given back");
        assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.contains("Failed to ") || l.contains("Exception")
                || l.contains("terminating connection")).toList()).as("errors in %s", first.log()).isEmpty();

        // Started again without a runner, so nothing claims them: the items are queued already.
        Started second = start("second", "--suite.jobs.enabled=false");
        JsonNode after = JSON.readTree(get(second.port(), "/api/iiif/jobs/" + id).body());
        assertThat(count(after, "running")).as("items still held by the stopped instance").isZero();
        assertThat(count(after, "queued")).isEqualTo(CANVASES - count(after, "succeeded") - count(after, "failed"));
        assertThat(count(after, "queued")).isGreaterThanOrEqualTo(4);
        assertThat(Files.readString(second.log())).as("the first process stopped its PostgreSQL itself")
                .doesNotContain("left running on");
        System.out.printf("stopped with SIGTERM in %d ms; %d items queued again%n", stopMillis, count(after, "queued"));
    }
}
