package org.iiifml.fetcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.identity.IdentitySigner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Jobs belong to the client the gateway signed for: another client neither lists, reads, cancels nor
 * retries them, idempotency keys are per client, and one client's open jobs are capped on their own. A
 * request without the gateway's signature (a caller that bypasses it), with a forged one, or with one made
 * for another operation is refused with a 401 problem.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"suite.jobs.enabled=false",
        "suite.jobs.max-open-jobs-per-client=2", "suite.identity.secret=" + JobOwnershipTest.SECRET})
@AutoConfigureWebTestClient(timeout = "30s")
class JobOwnershipTest {

    static final String SECRET = "a-test-secret-of-at-least-32-characters";
    static final ClientIdentity ALICE = new ClientIdentity("alice", Set.of("read", "run"));
    static final ClientIdentity BOB = new ClientIdentity("bob", Set.of("read", "run"));
    static final ClientIdentity CAROL = new ClientIdentity("carol", Set.of("read", "run"));
    static final ClientIdentity DAVE = new ClientIdentity("dave", Set.of("read", "run"));
    static final ClientIdentity ADMIN = new ClientIdentity("ops", Set.of("read", "admin"));

    @Autowired
    WebTestClient client;

    final IdentitySigner signer = new IdentitySigner(SECRET, Duration.ofMinutes(2));

    WebTestClient.RequestBodySpec as(ClientIdentity who, HttpMethod method, String path) {
        return client.method(method).uri(path).header(IdentitySigner.HEADER, signer.sign(who, method.name(), path, Instant.now()));
    }

    @Test
    void anotherClientsJobIsNotThereForYou() {
        String body = new String(as(ALICE, HttpMethod.POST, "/api/iiif/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/iiif/a/manifest\"}").exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.owner").isEqualTo("alice").returnResult().getResponseBodyContent());
        String id = body.replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
        String job = "/api/iiif/jobs/" + id;

        as(ALICE, HttpMethod.GET, job).exchange().expectStatus().isOk();
        as(BOB, HttpMethod.GET, job).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:not-found");
        as(BOB, HttpMethod.POST, job + "/cancel").exchange().expectStatus().isNotFound();
        as(BOB, HttpMethod.POST, job + "/retry").exchange().expectStatus().isNotFound();
        as(BOB, HttpMethod.GET, "/api/iiif/jobs").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.jobs[?(@.id == '" + id + "')]").doesNotExist();
        as(ALICE, HttpMethod.GET, "/api/iiif/jobs").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.jobs[?(@.id == '" + id + "')].owner").isEqualTo("alice");
        // An admin sees and may act on every client's jobs.
        as(ADMIN, HttpMethod.GET, job).exchange().expectStatus().isOk().expectBody().jsonPath("$.owner").isEqualTo("alice");
        as(ALICE, HttpMethod.POST, job + "/cancel").exchange().expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("cancelled");
    }

    @Test
    void idempotencyKeysAndTheOpenJobsCapArePerClient() {
        String first = idFrom(as(CAROL, HttpMethod.POST, "/api/iiif/jobs").header("Idempotency-Key", "\"same-key\""), "k");
        String again = idFrom(as(CAROL, HttpMethod.POST, "/api/iiif/jobs").header("Idempotency-Key", "\"same-key\""), "k");
        String bobs = idFrom(as(DAVE, HttpMethod.POST, "/api/iiif/jobs").header("Idempotency-Key", "\"same-key\""), "k");
        assertThat(again).isEqualTo(first);
        assertThat(bobs).isNotEqualTo(first);

        idFrom(as(CAROL, HttpMethod.POST, "/api/iiif/jobs"));
        as(CAROL, HttpMethod.POST, "/api/iiif/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/iiif/3/manifest\"}").exchange()
                .expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("suite.jobs.max-open-jobs-per-client"));
        idFrom(as(DAVE, HttpMethod.POST, "/api/iiif/jobs"));
    }

    @Test
    void aRequestTheGatewayDidNotSignIsRefused() {
        client.get().uri("/api/iiif/jobs").exchange().expectStatus().isUnauthorized()
                .expectHeader().exists("WWW-Authenticate")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:unauthenticated");
        IdentitySigner forger = new IdentitySigner("not-the-secret-but-just-as-long-as-it", Duration.ofMinutes(2));
        client.get().uri("/api/iiif/jobs").header(IdentitySigner.HEADER, forger.sign(ADMIN, "GET", "/api/iiif/jobs", Instant.now()))
                .exchange().expectStatus().isUnauthorized();
        // A real header, altered to claim the admin scope, or replayed on another operation, or too old.
        String real = signer.sign(ALICE, "GET", "/api/iiif/jobs", Instant.now());
        client.get().uri("/api/iiif/jobs").header(IdentitySigner.HEADER, real.replace("scopes=read,run", "scopes=admin,read,run"))
                .exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/iiif/jobs").header(IdentitySigner.HEADER, real).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/iiif/x/manifest\"}").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/iiif/jobs").header(IdentitySigner.HEADER,
                signer.sign(ALICE, "GET", "/api/iiif/jobs", Instant.now().minus(Duration.ofMinutes(5)))).exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/iiif/jobs").header(IdentitySigner.HEADER, real).exchange().expectStatus().isOk();
    }

    private String idFrom(WebTestClient.RequestBodySpec request) {
        return idFrom(request, Long.toString(System.nanoTime()));
    }

    private String idFrom(WebTestClient.RequestBodySpec request, String manifest) {
        byte[] body = request.contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\": \"https://example.org/iiif/" + manifest + "/manifest\"}").exchange()
                .expectStatus().is2xxSuccessful().expectBody().returnResult().getResponseBodyContent();
        return new String(body).replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
    }
}
