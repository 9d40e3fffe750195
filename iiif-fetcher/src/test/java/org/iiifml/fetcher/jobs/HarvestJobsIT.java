package org.iiifml.fetcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.iiifml.jobs.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The packaged fetcher as real processes on one real PostgreSQL: a 200-canvas harvest survives its
 * service being killed with SIGKILL halfway (a new process finishes it, every item recorded exactly
 * once), and two processes share one job's items.
 */
class HarvestJobsIT {

    static final int CANVASES = 200;
    // A IIIF server that takes a little time per page, as real ones do.
    @RegisterExtension
    static final PackagedFetchers FETCHERS = new PackagedFetchers(CANVASES, Duration.ofMillis(25));

    final String schema = TestDatabase.freshSchema();

    /** Starts the packaged fetcher with its jobs in this test's schema. */
    PackagedFetchers.Fetcher startFetcher(String name) throws Exception {
        TestDatabase.Server db = TestDatabase.server();
        return FETCHERS.start(Path.of("target", "it-" + schema + "-" + name + ".log"),
                "--suite.jobs.database.url=" + db.url(), "--suite.jobs.database.username=" + db.username(),
                "--suite.jobs.database.password=" + db.password(), "--suite.jobs.database.schema=" + schema,
                "--suite.jobs.lease=2s", "--suite.jobs.poll-interval=100ms", "--suite.jobs.concurrency=4");
    }

    static String createJob(int port) throws Exception {
        return FETCHERS.createJob(port);
    }

    static JsonNode awaitJob(int port, String id, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        return PackagedFetchers.awaitJob(port, id, condition, timeout);
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
        PackagedFetchers.Fetcher first = startFetcher("first");
        String id = createJob(first.port());
        JsonNode halfway = awaitJob(first.port(), id, j -> j.get("progress").get("done").asInt() >= CANVASES / 2, Duration.ofSeconds(60));
        Process killed = first.process();
        killed.destroyForcibly(); // SIGKILL: no shutdown hook, no lease given back
        assertThat(killed.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        int doneAtKill = halfway.get("progress").get("done").asInt();
        assertThat(doneAtKill).isLessThan(CANVASES);

        int second = startFetcher("second").port();
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
        int a = startFetcher("a").port();
        int b = startFetcher("b").port();
        String id = createJob(a);

        JsonNode job = awaitJob(b, id, HarvestJobsIT::ended, Duration.ofSeconds(90));

        assertThat(job.get("progress").toString()).isEqualTo("{\"total\":200,\"done\":200,\"failed\":0}");
        Map<String, Integer> byInstance = itemsByInstance(id);
        assertThat(byInstance).as("items per instance: %s", byInstance).hasSize(2);
        assertThat(byInstance.values()).allSatisfy(n -> assertThat(n).isGreaterThan(20));
        assertThat(byInstance.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CANVASES);
    }
}
