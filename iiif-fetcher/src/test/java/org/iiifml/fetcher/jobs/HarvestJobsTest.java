package org.iiifml.fetcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iiifml.support.testing.Problems.assertProblem;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.iiifml.jobs.TestDatabase;
import org.iiifml.support.outbound.StubServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Harvest jobs through the fetcher's HTTP API on a real port, with a stand-in IIIF server on loopback and
 * the jobs in a real PostgreSQL: collections and manifests harvested item by item, items that fail with
 * problems while the job goes on, an unreachable source, the Idempotency-Key cases and every bad request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.outbound.allow-loopback=true", "suite.outbound.max-attempts=1", "suite.jobs.poll-interval=50ms"})
@AutoConfigureWebTestClient(timeout = "30s")
class HarvestJobsTest {

    static final StubServer IIIF = new StubServer();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        IIIF.answer((req, res) -> {
            String path = req.uri();
            if (path.equals("/collection.json")) {
                return StubServer.json(res, collection(List.of(IIIF.url("/m/1.json"), IIIF.url("/m/2.json"), IIIF.url("/m/missing.json")),
                        IIIF.url("/nested.json")));
            }
            if (path.equals("/nested.json")) {
                return StubServer.json(res, collection(List.of(IIIF.url("/m/3.json"), IIIF.url("/m/1.json")), null));
            }
            if (path.startsWith("/m/") && !path.contains("missing")) {
                return StubServer.json(res, manifest(path.substring(3, path.indexOf(".json")), 3));
            }
            if (path.startsWith("/img/") && path.endsWith("/info.json") && !path.contains("broken")) {
                String id = IIIF.url(path.substring(0, path.length() - "/info.json".length()));
                return StubServer.json(res, """
                        {"@context": "http://iiif.io/api/image/3/context.json", "id": "%s", "type": "ImageService3",
                         "protocol": "http://iiif.io/api/image", "profile": "level1", "width": 2000, "height": 3000}""".formatted(id));
            }
            return res.status(404).send();
        });
    }

    @AfterAll
    static void stop() {
        IIIF.close();
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    @Value("${suite.jobs.database.schema}")
    String schema;

    static String collection(List<String> manifests, String nested) {
        List<String> items = new ArrayList<>();
        for (String m : manifests) {
            items.add("{\"id\": \"%s\", \"type\": \"Manifest\", \"label\": {\"en\": [\"%s\"]}}".formatted(m, m));
        }
        if (nested != null) {
            items.add("{\"id\": \"%s\", \"type\": \"Collection\", \"label\": {\"en\": [\"nested\"]}}".formatted(nested));
        }
        return """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%s", "type": "Collection",
                 "label": {"en": ["A collection"]}, "items": [%s]}""".formatted(IIIF.url("/collection.json"), String.join(",", items));
    }

    /** A v3 manifest of n canvases; the last canvas's image service is broken (its info.json is a 404). */
    static String manifest(String name, int canvases) {
        return manifest(IIIF, name, canvases);
    }

    static String manifest(StubServer server, String name, int canvases) {
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= canvases; i++) {
            String service = server.url("/img/" + name + "-" + i + (i == canvases ? "-broken" : ""));
            items.add("""
                    {"id": "%1$s/canvas/%2$d", "type": "Canvas", "label": {"none": ["p. %2$d"]}, "width": 2000, "height": 3000,
                     "items": [{"id": "%1$s/page/%2$d", "type": "AnnotationPage", "items": [{"id": "%1$s/anno/%2$d",
                       "type": "Annotation", "motivation": "painting", "target": "%1$s/canvas/%2$d",
                       "body": {"id": "%3$s/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                         "service": [{"id": "%3$s", "type": "ImageService3", "profile": "level1"}]}}]}]}"""
                    .formatted(server.url("/m/" + name), i, service));
        }
        return """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%s", "type": "Manifest",
                 "label": {"en": ["Book %s"]}, "items": [%s]}""".formatted(server.url("/m/" + name + ".json"), name, String.join(",", items));
    }

    private URI api(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private EntityExchangeResult<byte[]> post(String path, String body, String key) {
        var spec = client.post().uri(api(path)).contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return spec.bodyValue(body).exchange().expectBody().returnResult();
    }

    private JsonNode job(String id) {
        return JSON.readTree(client.get().uri(api("/api/iiif/jobs/" + id)).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
    }

    private JsonNode awaitEnd(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode job = job(id);
            if (Set.of("succeeded", "failed", "cancelled").contains(job.get("state").asString())) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s ends in time", id).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aCollectionIsHarvestedManifestByManifestAndAMissingOneFailsAlone() {
        var created = post("/api/iiif/jobs", "{\"collectionUrl\": \"" + IIIF.url("/collection.json") + "\"}", null);
        assertThat(created.getStatus().value()).isEqualTo(201);
        String id = JSON.readTree(created.getResponseBody()).get("id").asString();
        // Absolute and public: called directly, the service's own address (through the gateway, the gateway's).
        assertThat(created.getResponseHeaders().getLocation()).hasToString("http://localhost:" + port + "/api/iiif/jobs/" + id);

        JsonNode job = awaitEnd(id);

        assertThat(job.get("state").asString()).isEqualTo("succeeded");
        assertThat(job.get("progress").toString()).isEqualTo("{\"total\":4,\"done\":3,\"failed\":1}");
        List<String> ids = new ArrayList<>();
        job.get("items").forEach(item -> ids.add(item.get("id").asString()));
        assertThat(ids).as("manifests in walk order, nested ones included, each once")
                .containsExactly(IIIF.url("/m/1.json"), IIIF.url("/m/2.json"), IIIF.url("/m/missing.json"), IIIF.url("/m/3.json"));
        JsonNode first = job.get("items").get(0);
        assertThat(first.get("result").get("canvases").asInt()).isEqualTo(3);
        assertThat(first.get("result").get("presentation").asString()).isEqualTo("3");
        JsonNode missing = job.get("items").get(2);
        assertThat(missing.get("state").asString()).isEqualTo("failed");
        assertThat(missing.get("problem").get("type").asString()).isEqualTo("urn:iiif-ml:problem:upstream-not-found");
        assertThat(missing.get("problem").get("status").asInt()).isEqualTo(404);
        assertThat(job.get("reproducibility").get("task").asString()).isEqualTo("harvest-collection");
        assertThat(job.get("createdAt").asString()).as("RFC 3339 time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        assertThat(job.get("finishedAt").asString()).matches("\\d{4}-.*Z");
    }

    @Test
    void aManifestIsHarvestedCanvasByCanvasAndFailedItemsCanBeRetried() {
        String body = "{\"manifestUrl\": \"" + IIIF.url("/m/7.json") + "\"}";
        String id = JSON.readTree(post("/api/iiif/jobs", body, null).getResponseBody()).get("id").asString();

        JsonNode job = awaitEnd(id);

        assertThat(job.get("progress").toString()).isEqualTo("{\"total\":3,\"done\":2,\"failed\":1}");
        JsonNode canvas = job.get("items").get(0);
        assertThat(canvas.get("id").asString()).isEqualTo(IIIF.url("/m/7/canvas/1"));
        assertThat(canvas.get("label").asString()).isEqualTo("p. 1");
        assertThat(canvas.get("result").get("width").asInt()).isEqualTo(2000);
        assertThat(canvas.get("result").get("imageApi").asString()).isEqualTo("3");
        assertThat(job.get("items").get(2).get("problem").get("type").asString()).isEqualTo("urn:iiif-ml:problem:upstream-not-found");

        client.post().uri(api("/api/iiif/jobs/" + id + "/retry")).exchange().expectStatus().isOk();
        JsonNode retried = awaitEnd(id);
        assertThat(retried.get("items").get(2).get("attempts").asInt()).isEqualTo(1);
        assertThat(retried.get("progress").get("failed").asInt()).as("still broken upstream").isEqualTo(1);
        assertProblem(post("/api/iiif/jobs/" + id + "/cancel", "", null), 409, "job-state-conflict");

        String some = "{\"manifestUrl\": \"" + IIIF.url("/m/7.json") + "\", \"canvasIds\": [\"" + IIIF.url("/m/7/canvas/2") + "\"]}";
        JsonNode narrowed = awaitEnd(JSON.readTree(post("/api/iiif/jobs", some, null).getResponseBody()).get("id").asString());
        assertThat(narrowed.get("progress").toString()).isEqualTo("{\"total\":1,\"done\":1,\"failed\":0}");
    }

    @Test
    void anUnreachableSourceFailsTheJobWithAProblemAndTheServiceStaysUp() {
        String refused = "{\"manifestUrl\": \"http://169.254.169.254/latest/meta-data\"}";
        JsonNode metadata = awaitEnd(JSON.readTree(post("/api/iiif/jobs", refused, null).getResponseBody()).get("id").asString());
        assertThat(metadata.get("state").asString()).isEqualTo("failed");
        assertThat(metadata.get("problem").get("type").asString()).isEqualTo("urn:iiif-ml:problem:url-refused");

        String gone = "{\"collectionUrl\": \"" + IIIF.url("/nothing-here.json") + "\"}";
        JsonNode missing = awaitEnd(JSON.readTree(post("/api/iiif/jobs", gone, null).getResponseBody()).get("id").asString());
        assertThat(missing.get("state").asString()).isEqualTo("failed");
        assertThat(missing.get("problem").get("type").asString()).isEqualTo("urn:iiif-ml:problem:upstream-not-found");
        assertThat(missing.get("progress").get("total").asInt()).isZero();

        client.get().uri(api("/actuator/health/readiness")).exchange().expectStatus().isOk();
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswerTheSameJob() {
        String body = "{\"manifestUrl\": \"" + IIIF.url("/m/8.json") + "\"}";
        var first = post("/api/iiif/jobs", body, "\"key-one\"");
        var again = post("/api/iiif/jobs", " { \"manifestUrl\" : \"" + IIIF.url("/m/8.json") + "\" } ", "\"key-one\"");

        assertThat(first.getStatus().value()).isEqualTo(201);
        assertThat(again.getStatus().value()).isEqualTo(200);
        assertThat(JSON.readTree(again.getResponseBody()).get("id")).isEqualTo(JSON.readTree(first.getResponseBody()).get("id"));
        assertThat(again.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());

        var other = post("/api/iiif/jobs", "{\"manifestUrl\": \"" + IIIF.url("/m/9.json") + "\"}", "\"key-one\"");
        assertProblem(other, 422, "idempotency-key-reused");
    }

    @Test
    void aRepeatWhileTheFirstIsStillBeingCreatedIsAConflict() throws Exception {
        String first = "{\"manifestUrl\": \"" + IIIF.url("/m/12.json") + "\"}";
        assertThat(post("/api/iiif/jobs", first, "in-flight").getStatus().value()).isEqualTo(201);
        // Undo the binding of the key to its job: what a repeat sees while the first is still being created.
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "update " + schema + ".idempotency_key set job_id = null where key = 'anonymous' || chr(10) || 'in-flight'")) {
            // (Keys are kept per client: "<client>\n<key>".)
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        var result = post("/api/iiif/jobs", first, "in-flight");
        assertThat(result.getStatus().value()).isEqualTo(409);
        assertThat(result.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");

        // Many identical requests at once create one job.
        String body = "{\"manifestUrl\": \"" + IIIF.url("/m/10.json") + "\"}";
        List<CompletableFuture<EntityExchangeResult<byte[]>>> burst = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post("/api/iiif/jobs", body, "burst"))).toList();
        Set<String> jobs = new java.util.HashSet<>();
        int created = 0;
        for (var f : burst) {
            var r = f.get();
            assertThat(r.getStatus().value()).isIn(200, 201, 409);
            if (r.getStatus().value() != 409) {
                jobs.add(JSON.readTree(r.getResponseBody()).get("id").asString());
            }
            created += r.getStatus().value() == 201 ? 1 : 0;
        }
        assertThat(created).isEqualTo(1);
        assertThat(jobs).hasSize(1);
    }

    @Test
    void badRequestsAreProblems() {
        assertProblem(post("/api/iiif/jobs", "{}", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "[1, 2]", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"http://a.example/m\", \"collectionUrl\": \"http://a.example/c\"}", null),
                400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"ftp://a.example/m\"}", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"not a url\"}", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"collectionUrl\": \"http://a.example/c\", \"canvasIds\": [\"x\"]}", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"http://a.example/m\", \"options\": {\"x\": 1}}", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": ", null), 400, "bad-request");
        // Control characters in canvas ids, NUL anywhere: a 400, not the database's 500.
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"http://a.example/m\", \"canvasIds\": [\"c\\u0000x\"]}", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"http://a.example/m\", \"canvasIds\": [\"c\\nx\"]}", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"http://a.example/m\\u0000\"}", null), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"http://a.example/m\"}", "x".repeat(300)), 400, "bad-request");
        assertProblem(post("/api/iiif/jobs", "{\"manifestUrl\": \"http://a.example/m\", \"webhook\": {\"url\": \"https://hooks.example/x\"}}",
                null), 422, "webhooks-not-configured");

        assertProblem(client.get().uri(api("/api/iiif/jobs?state=sleeping")).exchange().expectBody().returnResult(), 400, "bad-request");
        assertProblem(client.get().uri(api("/api/iiif/jobs?size=1000")).exchange().expectBody().returnResult(), 400, "bad-request");
        assertProblem(client.get().uri(api("/api/iiif/jobs/not-a-uuid")).exchange().expectBody().returnResult(), 400, "bad-request");
        assertProblem(client.get().uri(api("/api/iiif/jobs/" + java.util.UUID.randomUUID())).exchange().expectBody().returnResult(),
                404, "not-found");
        assertProblem(post("/api/iiif/jobs/" + java.util.UUID.randomUUID() + "/retry", "", null), 404, "not-found");
    }

    @Test
    void jobsAreListedNewestFirstAndFilteredByState() {
        String id = JSON.readTree(post("/api/iiif/jobs", "{\"manifestUrl\": \"" + IIIF.url("/m/11.json") + "\"}", null)
                .getResponseBody()).get("id").asString();
        awaitEnd(id);
        JsonNode page = JSON.readTree(client.get().uri(api("/api/iiif/jobs?state=succeeded&size=100")).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        List<String> ids = new ArrayList<>();
        page.get("jobs").forEach(j -> {
            assertThat(j.get("state").asString()).isEqualTo("succeeded");
            assertThat(j.has("items")).as("lists carry no items").isFalse();
            ids.add(j.get("id").asString());
        });
        assertThat(ids).contains(id);
        assertThat(page.get("total").asLong()).isEqualTo(ids.size());

        JsonNode all = JSON.readTree(client.get().uri(api("/api/iiif/jobs?page=0&size=1")).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(all.get("jobs")).hasSize(1);
        assertThat(all.get("total").asLong()).isGreaterThanOrEqualTo(ids.size());
        assertThat(all.get("size").asInt()).isEqualTo(1);
    }
}
