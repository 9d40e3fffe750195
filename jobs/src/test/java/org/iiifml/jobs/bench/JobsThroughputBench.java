package org.iiifml.jobs.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.iiifml.jobs.config.JobsProperties;
import org.iiifml.jobs.TestDatabase;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.database.JobsDatabase;
import org.iiifml.jobs.engine.JobRunner;
import org.iiifml.jobs.engine.JobWorker;
import org.iiifml.jobs.model.PlannedItem;
import org.iiifml.jobs.store.JobStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Items per second through the job machinery with a worker that does nothing: claiming, leasing,
 * recording each result and counting it into its job, on the real PostgreSQL of {@link TestDatabase}.
 * Once with one instance and once with two (each its own connection pool and runner, as two replicas
 * would be) sharing one job. Run with ./bench.sh jobs; -Dbench.items sets the job size (default 5000).
 */
class JobsThroughputBench {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final class NoOpWorker implements JobWorker {
        final int items;

        NoOpWorker(int items) {
            this.items = items;
        }

        @Override
        public Accepted accept(JobRequest request) {
            return new Accepted(request, Map.of());
        }

        @Override
        public List<PlannedItem> plan(JobRequest request) {
            return IntStream.range(0, items).mapToObj(i -> new PlannedItem("item/" + i, null, null)).toList();
        }

        @Override
        public JsonNode process(JobRequest request, PlannedItem item) {
            return null;
        }
    }

    @Test
    void itemsPerSecond() throws Exception {
        int items = Integer.getInteger("bench.items", 5000);
        JobsProperties properties = new JobsProperties(true, 4, Duration.ofMillis(100), Duration.ofSeconds(30), 3, 100_000,
                Duration.ofSeconds(5), Duration.ofHours(24), 100, 1000, 1000, new JobsProperties.Database("", "postgres", "", "", 10, ""),
                new JobsProperties.Webhooks("", 1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        System.out.printf("bench: %s PostgreSQL, %d no-op items per job, %d items at once per instance, %d cores%n",
                TestDatabase.server().kind(), items, properties.concurrency(), Runtime.getRuntime().availableProcessors());
        run("warmup", 1, Math.min(items, 1000), properties);
        double one = run("one", 1, items, properties);
        double two = run("two", 2, items, properties);
        System.out.printf("RESULT jobs_items_per_second_one_instance %.0f items/s%n", one);
        System.out.printf("RESULT jobs_items_per_second_two_instances %.0f items/s%n", two);
        System.out.printf("RESULT jobs_two_instance_speedup %.2f ratio%n", two / one);
    }

    /** Creates one job of {@code items} and answers items per second from its creation to its end. */
    private double run(String name, int instances, int items, JobsProperties properties) throws Exception {
        String schema = TestDatabase.freshSchema();
        TestDatabase.Server server = TestDatabase.server();
        List<JobsDatabase> databases = new ArrayList<>();
        List<JobRunner> runners = new ArrayList<>();
        JobWorker worker = new NoOpWorker(items);
        try {
            for (int i = 0; i < instances; i++) {
                JobsDatabase db = JobsDatabase.open(new JobsProperties.Database(server.url(), server.username(), server.password(),
                        schema, 10, ""), "bench");
                databases.add(db);
                runners.add(new JobRunner(new JobStore(db.dataSource(), JSON), worker, properties, null));
            }
            JobStore store = new JobStore(databases.get(0).dataSource(), JSON);
            runners.forEach(JobRunner::start);
            UUID id = UUID.randomUUID();
            long start = System.nanoTime();
            store.insertJob(id, "anonymous", new JobRequest("https://example.org/manifest", null, null, null, null), Map.of());
            runners.forEach(JobRunner::wakeUp);
            while (!store.job(id, false).orElseThrow().state().equals("succeeded")) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int recorded = runners.stream().mapToInt(JobRunner::processed).sum();
            if (recorded != items) {
                throw new AssertionError("recorded " + recorded + " of " + items);
            }
            double rate = items / seconds;
            System.out.printf("bench %s: %d instance(s), %d items in %.2f s = %.0f items/s (per instance: %s)%n", name, instances,
                    items, seconds, rate, runners.stream().map(r -> Integer.toString(r.processed())).toList());
            return rate;
        } finally {
            runners.forEach(JobRunner::stop);
            databases.forEach(JobsDatabase::close);
        }
    }
}
