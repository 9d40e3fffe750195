package org.iiifml.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A service that cannot be reached opens its route's breaker: after the minimum calls fail, the gateway
 * answers 503 problems at once without calling it. A POST that fails is never sent twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "logging.level.org.iiifml.support.problem.ProblemWebExceptionHandler=ERROR",
        "suite.gateway.auth.enabled=false",
        "suite.gateway.circuit-breaker.window=4", "suite.gateway.circuit-breaker.minimum-calls=4",
        "suite.gateway.circuit-breaker.open-for=60s"})
@AutoConfigureWebTestClient(timeout = "20s")
class CircuitBreakerTest {

    static final AtomicInteger POSTS = new AtomicInteger();
    /** Takes a POST and closes the connection without an answer: a service that died mid-request. */
    private static final DisposableServer DYING = HttpServer.create().host("127.0.0.1").port(0)
            .handle((req, res) -> {
                POSTS.incrementAndGet();
                return req.receive().then().then(Mono.fromRunnable(() -> req.withConnection(c -> c.channel().close())));
            })
            .bindNow();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        registry.add("suite.gateway.services.classifier", () -> "http://127.0.0.1:" + closed);
        registry.add("suite.gateway.services.extractor", () -> "http://127.0.0.1:" + DYING.port());
    }

    @AfterAll
    static void stop() {
        DYING.disposeNow();
    }

    @Autowired
    WebTestClient client;

    @Test
    void aServiceThatKeepsFailingIsNotCalledUntilItsBreakerTriesAgain() {
        for (int i = 0; i < 4; i++) {
            client.get().uri("/api/classifier/about").exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("not reachable"));
        }
        client.get().uri("/api/classifier/about").exchange().expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:service-unavailable")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("not available"));
    }

    @Test
    void aFailedPostIsNotRetried() {
        int before = POSTS.get();
        client.post().uri("/api/extractor/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().is5xxServerError().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(POSTS.get() - before).isEqualTo(1);
    }
}
