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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.iiifml.jobs.TestDatabase;
import org.iiifml.support.outbound.StubServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged fetcher as real processes on one real PostgreSQL: a 200-canvas harvest survives its
 * service being killed with SIGKILL halfway (a new process finishes it, every item recorded exactly
 * once), and two processes share one job's items.
 */
class HarvestJobsIT {

    static final int CANVASES = 200;
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
                // A IIIF server that takes a little time per page, as real ones do.
                return Mono.delay(Duration.ofMillis(25)).then(StubServer.json(res, """
                        {"@context": "http://iiif.io/api/image/3/context.json", "id": "%s", "type": "ImageService3",
                         "protocol": "http://iiif.io/api/image", "profile": "level2", "width": 1600, "height": 2400}""".formatted(id)));
            }
            return res.status(404).send();
        });
    }

    final List<Process> processes = new ArrayList<>();
    final String schema = TestDatabase.freshSchema();

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @AfterAll
    static void stopIiif() {
        IIIF.close();
    }

    static String manifest() {
        List<String> canvases = new ArrayList<>();
        for (int i = 0; i < CANVASES; i++) {
            String service = IIIF.url("/img/p" + i);
            canvases.add("""
                    {"id": "%1$s/canvas/%2$d", "type": "Canvas", "width": 1600, "height": 2400,
                     "items": [{"id": "%1$s/page/%2$d", "type": "AnnotationPage", "items": [{"id": "%1$s/anno/%2$d",
                       "type": "Annotation", "motivation": "painting", "target": "%1$s/canvas/%2$d",
                       "body": {"id": "%3$s/full/max/0/default.jpg", "type": "Image",
                         "service": [{"id": "%3$s", "type": "ImageService3", "profile": "level2"}]}}]}]}"""
                    .formatted(IIIF.url("/book"), i, service));
        }
        return """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%s", "type": "Manifest",
                 "label": {"en": ["A book of 200 pages"]}, "items": [%s]}""".formatted(IIIF.url("/book.json"), String.join(",", canvases));
    }

    /** Starts the packaged fetcher on a free port with its jobs in this test's schema; answers its port. */
    int startFetcher(String name) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestDatabase.Server db = TestDatabase.server();
        Path log = Path.of("target", "it-" + schema + "-" + name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("fetcher.jar"),
                "--server.port=" + port, "--suite.outbound.allow-loopback=true",
                "--suite.jobs.database.url=" + db.url(), "--suite.jobs.database.username=" + db.username(),
                "--suite.jobs.database.password=" + db.password(), "--suite.jobs.database.schema=" + schema,
                "--suite.jobs.lease=2s", "--suite.jobs.poll-interval=100ms", "--suite.jobs.concurrency=4"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            assertThat(process.isAlive()).as("fetcher %s is running (log: %s)", name, log).isTrue();
            try {
                if (get(port, "/actuator/health/readiness").statusCode() == 200) {
                    return port;
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

    static String createJob(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/iiif/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"manifestUrl\": \"" + IIIF.url("/book.json") + "\"}")).build(),
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

    static boolean ended(JsonNode job) {
        return List.of("succeeded", "failed", "cancelled").contains(job.get("state").asString());
    }

    Map<String, Integer> itemsByInstance(String jobId) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select finished_by, count(*) from " + schema + ".job_item where job_id = '" + jobId
                        + "' and result is not null group by finished_by")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    @Test
    void aJobSurvivesItsServiceKilledHalfwayAndEveryItemIsRecordedOnce() throws Exception {
        int first = startFetcher("first");
        String id = createJob(first);
        JsonNode halfway = awaitJob(first, id, j -> j.get("progress").get("done").asInt() >= CANVASES / 2, Duration.ofSeconds(60));
        Process killed = processes.get(0);
        killed.destroyForcibly(); // SIGKILL: no shutdown hook, no lease given back
        assertThat(killed.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        int doneAtKill = halfway.get("progress").get("done").asInt();
        assertThat(doneAtKill).isLessThan(CANVASES);

        int second = startFetcher("second");
        JsonNode job = awaitJob(second, id, HarvestJobsIT::ended, Duration.ofSeconds(90));

        assertThat(job.get("state").asString()).isEqualTo("succeeded");
        assertThat(job.get("progress").toString()).isEqualTo("{\"total\":200,\"done\":200,\"failed\":0}");
        int reclaimed = 0;
        for (JsonNode item : job.get("items")) {
            assertThat(item.get("state").asString()).isEqualTo("succeeded");
            assertThat(item.get("result").get("width").asInt()).isEqualTo(1600);
            reclaimed += item.get("attempts").asInt() > 1 ? 1 : 0;
        }
        Map<String, Integer> byInstance = itemsByInstance(id);
        assertThat(byInstance.values().stream().mapToInt(Integer::intValue).sum()).as("results recorded").isEqualTo(CANVASES);
        assertThat(byInstance).as("both processes recorded results").hasSize(2);
        System.out.printf("killed at %d/%d done; %d items were running and were claimed again after the lease ran out%n",
                doneAtKill, CANVASES, reclaimed);
    }

    @Test
    void twoInstancesShareOneJob() throws Exception {
        int a = startFetcher("a");
        int b = startFetcher("b");
        String id = createJob(a);

        JsonNode job = awaitJob(b, id, HarvestJobsIT::ended, Duration.ofSeconds(90));

        assertThat(job.get("progress").toString()).isEqualTo("{\"total\":200,\"done\":200,\"failed\":0}");
        Map<String, Integer> byInstance = itemsByInstance(id);
        assertThat(byInstance).as("items per instance: %s", byInstance).hasSize(2);
        assertThat(byInstance.values()).allSatisfy(n -> assertThat(n).isGreaterThan(20));
        assertThat(byInstance.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CANVASES);
    }
}
