package org.iiifml.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
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
import reactor.core.publisher.Flux;
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
        "suite.gateway.circuit-breaker.open-for=60s",
        "suite.gateway.connect-timeout=500ms", "suite.gateway.response-timeout=500ms"})
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

    /** Answers its headers at once, then a body in 7 pieces a second apart: a large zip on a slow link. */
    private static final DisposableServer SLOW_BODY = HttpServer.create().host("127.0.0.1").port(0)
            .handle((req, res) -> res.header("Content-Type", "application/zip")
                    .sendString(Flux.range(0, 7).delayElements(Duration.ofSeconds(1)).map(i -> "piece-" + i + ";")))
            .bindNow();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        registry.add("suite.gateway.services.classifier", () -> "http://127.0.0.1:" + closed);
        registry.add("suite.gateway.services.extractor", () -> "http://127.0.0.1:" + DYING.port());
        registry.add("suite.gateway.services.colorizer", () -> "http://127.0.0.1:" + SLOW_BODY.port());
    }

    @AfterAll
    static void stop() {
        DYING.disposeNow();
        SLOW_BODY.disposeNow();
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
    void aBodyThatStreamsLongerThanEveryTimeoutArrivesWhole() {
        String body = client.mutate().responseTimeout(Duration.ofSeconds(30)).build().get().uri("/api/colorizer/jobs/j/images.zip")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).isEqualTo("piece-0;piece-1;piece-2;piece-3;piece-4;piece-5;piece-6;");
    }

    @Test
    void aFailedPostIsNotRetried() {
        int before = POSTS.get();
        client.post().uri("/api/extractor/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().is5xxServerError().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(POSTS.get() - before).isEqualTo(1);
    }
}
