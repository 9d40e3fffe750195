package org.iiifml.fetcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The packaged fetcher on its embedded PostgreSQL, as the local run starts it, stopped with SIGTERM in the
 * middle of a job: the job runner gives its unfinished items back before the database stops, the log has
 * no error, and the next start finds those items queued at once, not held until their lease runs out.
 */
class GracefulStopIT {

    static final int CANVASES = 12;
    // Slower than the stopping runner's grace: these items are still running when it stops.
    @RegisterExtension
    static final PackagedFetchers FETCHERS = new PackagedFetchers(CANVASES, Duration.ofSeconds(20));

    final Path directory = Path.of("target", "it-graceful-" + UUID.randomUUID()).toAbsolutePath();

    PackagedFetchers.Fetcher start(String name, String... extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(
                "--suite.jobs.database.embedded-directory=" + directory.resolve("postgres"),
                "--suite.jobs.lease=120s", "--suite.jobs.poll-interval=100ms", "--suite.jobs.concurrency=4",
                "--suite.jobs.shutdown-grace=1s"));
        arguments.addAll(List.of(extra));
        return FETCHERS.start(directory.resolve(name + ".log"), arguments.toArray(String[]::new));
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
        PackagedFetchers.Fetcher first = start("first");
        String id = FETCHERS.createJob(first.port());
        JsonNode job = PackagedFetchers.awaitJob(first.port(), id, j -> count(j, "running") >= 4, Duration.ofSeconds(30));
        assertThat(count(job, "succeeded")).as("no item can finish before the stop").isZero();

        long stopping = System.nanoTime();
        first.process().destroy(); // SIGTERM, as Ctrl-C, docker stop and Kubernetes send
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as("stopped in time").isTrue();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        String log = Files.readString(first.log());
        assertThat(log).contains("unfinished items given back");
        assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.contains("Failed to ") || l.contains("Exception")
                || l.contains("terminating connection")).toList()).as("errors in %s", first.log()).isEmpty();

        // Started again without a runner, so nothing claims them: the items are queued already.
        PackagedFetchers.Fetcher second = start("second", "--suite.jobs.enabled=false");
        JsonNode after = PackagedFetchers.JSON.readTree(PackagedFetchers.get(second.port(), "/api/iiif/jobs/" + id).body());
        assertThat(count(after, "running")).as("items still held by the stopped instance").isZero();
        assertThat(count(after, "queued")).isEqualTo(CANVASES - count(after, "succeeded") - count(after, "failed"));
        assertThat(count(after, "queued")).isGreaterThanOrEqualTo(4);
        assertThat(Files.readString(second.log())).as("the first process stopped its PostgreSQL itself")
                .doesNotContain("left running on");
        System.out.printf("stopped with SIGTERM in %d ms; %d items queued again%n", stopMillis, count(after, "queued"));
    }
}
