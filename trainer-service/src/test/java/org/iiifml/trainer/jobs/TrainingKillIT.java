package org.iiifml.trainer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
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
import java.util.function.Predicate;
import org.iiifml.canvasjobs.testing.FetcherProcess;
import org.iiifml.canvasjobs.testing.LocalIiifServer;
import org.iiifml.jobs.TestDatabase;
import org.iiifml.support.testing.TestProcesses;
import org.iiifml.trainer.colorization.TestPictures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged trainer as real processes on one real PostgreSQL: a training killed with SIGKILL midway (no
 * shutdown hook, no lease given back) is taken up by a new process once its lease runs out, resumes from
 * its last checkpoint, and ends with the figures of the same training run without a kill.
 */
class TrainingKillIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int EPOCHS = 12;
    /** The tolerance stated in docs/training.md: a resumed training's validation loss against an uninterrupted one's. */
    static final double TOLERANCE = 1e-4;

    static LocalIiifServer iiif;
    static String pictures;
    static FetcherProcess fetcher;
    static Path work;
    static Path models;
    final String schema = TestDatabase.freshSchema();
    final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Map<String, BufferedImage> pages = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        List<int[]> drawn = TestPictures.colour(16, 64, 21);
        for (int i = 0; i < drawn.size(); i++) {
            BufferedImage page = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            page.setRGB(0, 0, 64, 64, drawn.get(i), 0, 64);
            pages.put("k" + i, page);
            ids.add("k" + i);
        }
        iiif = new LocalIiifServer(pages, Map.of(), 1.0);
        pictures = iiif.manifest("pictures", ids);
        fetcher = FetcherProcess.start("training-kill-it");
        work = Files.createTempDirectory("trainer-kill-work");
        models = Files.createTempDirectory("trainer-kill-models");
    }

    @AfterAll
    static void stop() {
        if (fetcher != null) {
            fetcher.close();
        }
        if (iiif != null) {
            iiif.close();
        }
    }

    @AfterEach
    void stopTrainers() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    record Trainer(Process process, int port) {
    }

    Trainer startTrainer(String name) throws Exception {
        int port = TestProcesses.freePort();
        TestDatabase.Server db = TestDatabase.server();
        Path log = Path.of("target", "trainer-" + schema + "-" + name + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dai.djl.offline=true", "-jar", System.getProperty("trainer.jar"), "--server.port=" + port,
                "--suite.fetcher.base-url=" + fetcher.baseUrl(),
                "--suite.jobs.database.url=" + db.url(), "--suite.jobs.database.username=" + db.username(),
                "--suite.jobs.database.password=" + db.password(), "--suite.jobs.database.schema=" + schema,
                "--suite.jobs.lease=2s", "--suite.jobs.poll-interval=100ms",
                "--suite.trainer.work-directory=" + work, "--suite.trainer.model-directory=" + models,
                "--suite.trainer.checkpoint-steps=1");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        assertThat(TestProcesses.awaitOk(process, URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"), Duration.ofSeconds(120)))
                .as("the trainer is ready in time (log: %s)", log).isTrue();
        return new Trainer(process, port);
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String createJob(int port, String name) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/trainer/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"manifestUrl\": \"" + pictures
                        + "\", \"options\": {\"task\": \"colorization\", \"name\": \"" + name + "\", \"imageSize\": 32, \"epochs\": " + EPOCHS
                        + ", \"batchSize\": 4, \"width\": 4, \"patience\": 0}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    static JsonNode await(int port, String path, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode answer = JSON.readTree(get(port, path).body());
            if (condition.test(answer)) {
                return answer;
            }
            assertThat(System.nanoTime()).as("%s: %s", path, answer).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static boolean ended(JsonNode job) {
        return List.of("succeeded", "failed", "cancelled").contains(job.get("state").asString());
    }

    @Test
    void aTrainingKilledWithSigkillResumesInANewProcessAndEndsAsAnUninterruptedOne() throws Exception {
        Trainer first = startTrainer("first");
        String killedJob = createJob(first.port(), "resumed");
        JsonNode midway = await(first.port(), "/api/trainer/jobs/" + killedJob + "/training",
                t -> t.get("epochs").size() >= 3 && t.get("state").asString().equals("training"), Duration.ofSeconds(120));
        first.process().destroyForcibly(); // SIGKILL
        assertThat(first.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
        int epochsAtKill = midway.get("epochs").size();
        assertThat(epochsAtKill).isLessThan(EPOCHS);

        Trainer second = startTrainer("second");
        JsonNode resumed = await(second.port(), "/api/trainer/jobs/" + killedJob, TrainingKillIT::ended, Duration.ofSeconds(180));
        assertThat(resumed.get("state").asString()).as(resumed.toString()).isEqualTo("succeeded");
        JsonNode training = resumed.get("items").get(16);
        assertThat(training.get("attempts").asInt()).as("the training item was claimed again").isEqualTo(2);
        assertThat(training.get("result").get("resumed").asBoolean()).isTrue();

        String uninterruptedJob = createJob(second.port(), "uninterrupted");
        JsonNode uninterrupted = await(second.port(), "/api/trainer/jobs/" + uninterruptedJob, TrainingKillIT::ended, Duration.ofSeconds(180));
        assertThat(uninterrupted.get("state").asString()).isEqualTo("succeeded");

        JsonNode a = JSON.readTree(get(second.port(), "/api/trainer/jobs/" + killedJob + "/training").body()).get("epochs");
        JsonNode b = JSON.readTree(get(second.port(), "/api/trainer/jobs/" + uninterruptedJob + "/training").body()).get("epochs");
        assertThat(a).hasSize(EPOCHS);
        assertThat(b).hasSize(EPOCHS);
        double worst = 0;
        for (int e = 0; e < EPOCHS; e++) {
            worst = Math.max(worst, Math.abs(a.get(e).get("validationLoss").asDouble() - b.get(e).get("validationLoss").asDouble()));
        }
        System.out.printf("killed after %d of %d epochs; largest validation-loss difference from the uninterrupted run %.3g%n",
                epochsAtKill, EPOCHS, worst);
        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }
}
