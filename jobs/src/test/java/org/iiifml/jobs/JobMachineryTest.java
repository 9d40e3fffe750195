package org.iiifml.jobs;

import org.iiifml.jobs.config.JobsProperties;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.model.JobView;
import org.iiifml.jobs.database.JobsDatabase;
import org.iiifml.jobs.engine.JobRunner;
import org.iiifml.jobs.engine.JobWorker;
import org.iiifml.jobs.model.PlannedItem;
import org.iiifml.jobs.store.JobStore;
import org.iiifml.jobs.webhook.WebhookDispatcher;
import org.iiifml.jobs.webhook.WebhookSigner;
import org.iiifml.support.outbound.OutboundProperties;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.support.outbound.StubServer;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The job machinery on a real PostgreSQL (see {@link TestDatabase}), each test in a schema of its own:
 * runners as replicas sharing one job, leases that run out, cancel, abandoned items and signed webhooks.
 * The worker here is the test's own: what is under test is the claiming, counting and recording.
 */
class JobMachineryTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    String schema;
    JobsDatabase database;
    JobStore store;
    final List<JobRunner> runners = new ArrayList<>();
    final StubServer receiver = new StubServer();

    /** A worker whose items are numbers: it records every call, and fails the ones asked to fail. */
    static final class CountingWorker implements JobWorker {
        final int items;
        final Map<String, Integer> calls = new ConcurrentHashMap<>();
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch gate;
        volatile Duration delay = Duration.ZERO;

        CountingWorker(int items) {
            this.items = items;
        }

        @Override
        public Accepted accept(JobRequest request) {
            return new Accepted(request, Map.of("software", "test"));
        }

        @Override
        public List<PlannedItem> plan(JobRequest request) {
            if (request.manifestUrl().contains("unreachable")) {
                throw new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, "the server of " + request.manifestUrl() + " could not be reached");
            }
            return IntStream.range(0, items).mapToObj(i -> new PlannedItem("canvas/" + i, "p. " + i, null)).toList();
        }

        @Override
        public JsonNode process(JobRequest request, PlannedItem item) {
            calls.merge(item.ref(), 1, Integer::sum);
            try {
                if (gate != null) {
                    gate.await(30, TimeUnit.SECONDS);
                }
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failing.contains(item.ref())) {
                throw new ProblemException(ProblemType.UPSTREAM_NOT_FOUND, "no image for " + item.ref());
            }
            return JsonNodeFactory.instance.objectNode().put("ref", item.ref());
        }
    }

    @BeforeEach
    void open() {
        schema = TestDatabase.freshSchema();
        TestDatabase.Server server = TestDatabase.server();
        database = JobsDatabase.open(new JobsProperties.Database(server.url(), server.username(), server.password(), schema, 10, ""),
                "test");
        store = new JobStore(database.dataSource(), JSON);
    }

    @AfterEach
    void close() {
        runners.forEach(JobRunner::stop);
        database.close();
        receiver.close();
    }

    static JobsProperties properties(int concurrency, Duration lease, String secret) {
        return new JobsProperties(true, concurrency, Duration.ofMillis(50), lease, 3, 10_000, Duration.ofSeconds(5),
                Duration.ofHours(24), 100, 1000, 1000, new JobsProperties.Database("", "postgres", "", "", 10, ""),
                new JobsProperties.Webhooks(secret, 3, Duration.ofMillis(100), Duration.ofMillis(200)));
    }

    JobRunner runner(JobWorker worker, JobsProperties properties) {
        WebhookDispatcher webhooks = properties.webhooks().secret().isEmpty() ? null
                : new WebhookDispatcher(store, new SafeHttpClient(OutboundProperties.defaults().withAllowLoopback(true)),
                        new WebhookSigner(properties.webhooks().secret()), properties.webhooks(), JSON, java.time.Clock.systemUTC());
        JobRunner runner = new JobRunner(store, worker, properties, webhooks);
        runners.add(runner);
        runner.start();
        return runner;
    }

    UUID createJob(String manifestUrl, JobRequest.Webhook webhook) {
        UUID id = UUID.randomUUID();
        store.insertJob(id, "anonymous", new JobRequest(manifestUrl, null, null, null, webhook), Map.of("software", "test"));
        return id;
    }

    JobView awaitEnd(UUID id) {
        await(() -> Set.of("succeeded", "failed", "cancelled").contains(store.job(id, false).orElseThrow().state()), Duration.ofSeconds(60));
        return store.job(id, true).orElseThrow();
    }

    static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within %s", timeout).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void twoInstancesShareOneJobAndRecordEveryItemOnce() {
        CountingWorker worker = new CountingWorker(120);
        worker.delay = Duration.ofMillis(5);
        JobRunner a = runner(worker, properties(3, Duration.ofSeconds(10), ""));
        JobRunner b = runner(worker, properties(3, Duration.ofSeconds(10), ""));
        UUID id = createJob("https://example.org/manifest", null);
        a.wakeUp();

        JobView job = awaitEnd(id);

        assertThat(job.state()).isEqualTo("succeeded");
        assertThat(job.progress()).isEqualTo(new JobView.Progress(120, 120, 0));
        assertThat(job.items()).hasSize(120).allSatisfy(item -> {
            assertThat(item.state()).isEqualTo("succeeded");
            assertThat(item.attempts()).isEqualTo(1);
            assertThat(item.result().get("ref").asString()).isEqualTo(item.id());
        });
        assertThat(worker.calls).hasSize(120).allSatisfy((ref, calls) -> assertThat(calls).isEqualTo(1));
        assertThat(a.processed()).as("items recorded by instance A").isPositive();
        assertThat(b.processed()).as("items recorded by instance B").isPositive();
        assertThat(a.processed() + b.processed()).isEqualTo(120);
        assertThat(finishedBy(id)).containsOnly(a.owner(), b.owner());
    }

    @Test
    void itemsOfAnInstanceThatDiedAreClaimedAgainWhenTheirLeaseRunsOut() {
        CountingWorker worker = new CountingWorker(10);
        UUID id = createJob("https://example.org/manifest", null);
        // A "dead" instance plans the job and claims four items, then never renews or finishes them.
        var plan = store.claimPlan("dead", Duration.ofMillis(400)).orElseThrow();
        store.planned(plan.jobId(), "dead", worker.plan(plan.request()));
        assertThat(store.claimItems("dead", Duration.ofMillis(400), 4, 3)).hasSize(4);
        // A result the dead instance sends after losing its lease is dropped.
        JobRunner alive = runner(worker, properties(2, Duration.ofSeconds(10), ""));

        JobView job = awaitEnd(id);

        assertThat(job.state()).isEqualTo("succeeded");
        assertThat(job.progress().done()).isEqualTo(10);
        assertThat(job.items().stream().filter(i -> i.attempts() == 2).count()).as("items claimed twice").isEqualTo(4);
        assertThat(store.finishItem(id, 0, "dead", true, null, null, false).recorded()).isFalse();
        assertThat(store.job(id, false).orElseThrow().progress().done()).isEqualTo(10);
        assertThat(alive.processed()).isEqualTo(10);
    }

    @Test
    void aLeaseIsRenewedWhileItsItemRunsLongerThanTheLease() {
        CountingWorker worker = new CountingWorker(3);
        worker.delay = Duration.ofMillis(1500); // each item runs for more than twice the lease
        runner(worker, properties(2, Duration.ofMillis(600), ""));
        runner(worker, properties(2, Duration.ofMillis(600), ""));
        UUID id = createJob("https://example.org/manifest", null);

        JobView job = awaitEnd(id);

        assertThat(job.progress()).isEqualTo(new JobView.Progress(3, 3, 0));
        assertThat(job.items()).allSatisfy(item -> assertThat(item.attempts()).as("claimed once").isEqualTo(1));
        assertThat(worker.calls).allSatisfy((ref, calls) -> assertThat(calls).as(ref).isEqualTo(1));
    }

    @Test
    void anItemClaimedTooOftenIsFailedAsAbandoned() {
        CountingWorker worker = new CountingWorker(2);
        UUID id = createJob("https://example.org/manifest", null);
        var plan = store.claimPlan("dead", Duration.ofMillis(300)).orElseThrow();
        store.planned(plan.jobId(), "dead", worker.plan(plan.request()));
        for (int i = 0; i < 3; i++) { // three instances die on the same items, one after the other
            await(() -> !store.claimItems("dead", Duration.ofMillis(300), 2, 3).isEmpty(), Duration.ofSeconds(5));
        }
        runner(worker, properties(2, Duration.ofMillis(300), ""));

        JobView job = awaitEnd(id);

        assertThat(job.state()).isEqualTo("failed");
        assertThat(job.items()).allSatisfy(item -> {
            assertThat(item.state()).isEqualTo("failed");
            assertThat(item.problem().get("type").asString()).isEqualTo("urn:iiif-ml:problem:item-abandoned");
        });
        assertThat(worker.calls).as("an abandoned item is not worked on again").isEmpty();
    }

    @Test
    void cancelStopsFurtherClaims() throws Exception {
        CountingWorker worker = new CountingWorker(50);
        worker.gate = new CountDownLatch(1);
        runner(worker, properties(2, Duration.ofSeconds(10), ""));
        UUID id = createJob("https://example.org/manifest", null);
        await(() -> worker.calls.size() == 2, Duration.ofSeconds(10)); // both slots busy, held at the gate

        assertThat(store.cancel(id)).isTrue();
        worker.gate.countDown();
        Thread.sleep(500); // several poll intervals in which nothing more may be claimed

        JobView job = store.job(id, true).orElseThrow();
        assertThat(job.state()).isEqualTo("cancelled");
        assertThat(worker.calls).as("only the two running items were worked on").hasSize(2);
        assertThat(job.items().stream().filter(i -> i.state().equals("cancelled")).count()).isEqualTo(48);
        assertThat(job.items().stream().filter(i -> i.state().equals("succeeded")).count()).as("running items finish").isEqualTo(2);
        assertThat(store.cancel(id)).as("a finished job is not cancelled twice").isFalse();
    }

    @Test
    void aFailedSourceFailsTheJobWithItsProblemAndFailedItemsCanBeRetried() {
        CountingWorker worker = new CountingWorker(4);
        worker.failing.add("canvas/2");
        runner(worker, properties(2, Duration.ofSeconds(10), ""));
        UUID unreachable = createJob("https://unreachable.example/manifest", null);
        UUID partly = createJob("https://example.org/manifest", null);

        JobView failed = awaitEnd(unreachable);
        JobView succeeded = awaitEnd(partly);

        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.problem().get("type").asString()).isEqualTo("urn:iiif-ml:problem:upstream-unavailable");
        assertThat(succeeded.state()).as("partly failed is succeeded").isEqualTo("succeeded");
        assertThat(succeeded.progress()).isEqualTo(new JobView.Progress(4, 3, 1));
        JobView.Item bad = succeeded.items().get(2);
        assertThat(bad.state()).isEqualTo("failed");
        assertThat(bad.problem().get("status").asInt()).isEqualTo(404);
        assertThat(bad.problem().get("detail").asString()).isEqualTo("no image for canvas/2");

        worker.failing.clear();
        assertThat(store.retryFailed(partly)).isTrue();
        JobView retried = awaitEnd(partly);
        assertThat(retried.progress()).isEqualTo(new JobView.Progress(4, 4, 0));
        assertThat(worker.calls.get("canvas/2")).isEqualTo(2);
        assertThat(worker.calls.get("canvas/1")).as("succeeded items are not worked on again").isEqualTo(1);
        assertThat(store.retryFailed(partly)).as("nothing left to retry").isFalse();
    }

    @Test
    void webhookDeliveriesAreSignedAndRetriedUntilAccepted() {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        receiver.answer((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            bodies.add(body);
            signatures.add(req.requestHeaders().get(WebhookSigner.SIGNATURE_HEADER));
            return Mono.from(res.status(bodies.size() == 1 ? 503 : 204).send()); // the first try fails
        }));
        CountingWorker worker = new CountingWorker(3);
        runner(worker, properties(2, Duration.ofSeconds(10), "s3cret"));
        UUID id = createJob("https://example.org/manifest", new JobRequest.Webhook(receiver.url("/hook"), false));

        awaitEnd(id);
        await(() -> bodies.size() == 2, Duration.ofSeconds(20));

        WebhookSigner signer = new WebhookSigner("s3cret");
        byte[] body = bodies.get(1);
        JsonNode payload = JSON.readTree(body);
        assertThat(payload.get("event").asString()).isEqualTo("job.finished");
        assertThat(payload.get("job").get("id").asString()).isEqualTo(id.toString());
        assertThat(payload.get("job").get("state").asString()).isEqualTo("succeeded");
        assertThat(signer.verify(signatures.get(1), body, Instant.now(), Duration.ofMinutes(5))).as("signature verifies").isTrue();
        byte[] tampered = new String(body, java.nio.charset.StandardCharsets.UTF_8).replace("succeeded", "failed")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(signer.verify(signatures.get(1), tampered, Instant.now(), Duration.ofMinutes(5))).as("tampered body").isFalse();
        assertThat(new WebhookSigner("other").verify(signatures.get(1), body, Instant.now(), Duration.ofMinutes(5)))
                .as("another secret").isFalse();
        assertThat(signer.verify(signatures.get(1), body, Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5)))
                .as("an old delivery replayed").isFalse();
        assertThat(receiver.seen()).allSatisfy(seen -> assertThat(seen.method()).isEqualTo("POST"));
    }

    private List<String> finishedBy(UUID id) {
        List<String> owners = new ArrayList<>();
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select finished_by from " + schema + ".job_item where job_id = '" + id + "'")) {
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return owners;
    }
}
