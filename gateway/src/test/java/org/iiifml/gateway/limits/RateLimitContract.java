package org.iiifml.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.iiifml.gateway.keys.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The rate limits as a client sees them, whichever store keeps the buckets: a bucket of 3 tokens refilled
 * at 1 per second, reads costing 1 and the fetcher's runs 2. Each test uses clients of its own.
 */
abstract class RateLimitContract {

    /** Shared by both stores' tests (and so never disposed before the test JVM ends). */
    static final DisposableServer DOWNSTREAM = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.route(req -> true, (req, res) -> res.header("Content-Type", "application/json").sendString(Mono.just("{}"))))
            .bindNow();

    static void limits(DynamicPropertyRegistry registry) {
        registry.add("suite.gateway.services.iiif", () -> "http://127.0.0.1:" + DOWNSTREAM.port());
        registry.add("suite.gateway.rate-limit.replenish-rate", () -> "1");
        registry.add("suite.gateway.rate-limit.burst-capacity", () -> "3");
        // A run takes the whole bucket: the second is refused unless three seconds pass between them, not one.
        registry.add("suite.gateway.rate-limit.run-costs.iiif", () -> "3");
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApiKeys keys;

    String key() {
        return keys.create("client-" + UUID.randomUUID(), "test", Set.of("read", "run"), null).secret();
    }

    WebTestClient.ResponseSpec read(String key) {
        return client.get().uri("/api/iiif/manifest").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange();
    }

    @Test
    void aClientPastItsBurstGetsA429WithRetryAfterAndTheOthersDoNot() {
        String busy = key();
        String quiet = key();
        read(busy).expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Policy", "\"iiif:read\";q=3;w=3")
                .expectHeader().value("RateLimit", v -> assertThat(v).startsWith("\"iiif:read\";r=2;t="));
        read(busy).expectStatus().isOk();
        read(busy).expectStatus().isOk().expectHeader().value("RateLimit", v -> assertThat(v).contains(";r=0;"));
        read(busy).expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Integer.parseInt(v)).isBetween(1, 3))
                .expectHeader().exists("RateLimit-Policy")
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:too-many-requests");
        read(quiet).expectStatus().isOk();
    }

    @Test
    void runsCostMoreThanReadsAndHaveABucketOfTheirOwn() {
        String runner = key();
        var post = (java.util.function.Supplier<WebTestClient.ResponseSpec>) () -> client.post().uri("/api/iiif/jobs")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + runner).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
        post.get().expectStatus().isOk().expectHeader().value("RateLimit", v -> assertThat(v).startsWith("\"iiif:run\";r=0;"));
        post.get().expectStatus().isEqualTo(429);
        read(runner).expectStatus().isOk();
    }
}
