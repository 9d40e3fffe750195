package org.iiifml.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway on a real port in front of a downstream on a real port (a small Netty server standing in for
 * a service, so each routing behaviour can be provoked), and in front of a port where nothing listens.
 */
// The unreachable and slow services are deliberate here: their 503 and 504 are asserted, not logged.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.org.iiifml.support.problem.ProblemWebExceptionHandler=ERROR",
                // Routing on its own, in the open mode; GatewaySecurityTest has authentication on.
                "suite.gateway.auth.enabled=false"})
@AutoConfigureWebTestClient(timeout = "20s")
class GatewayRoutingTest {

    private static final DisposableServer DOWNSTREAM = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes
                    .get("/api/iiif/slow", (req, res) -> res.sendString(Mono.delay(Duration.ofSeconds(3)).map(t -> "late")))
                    .get("/api/iiif/problem", (req, res) -> res.status(422)
                            .header("Content-Type", "application/problem+json")
                            .sendString(Mono.just("{\"type\":\"urn:iiif-ml:problem:unprocessable\",\"title\":\"Unprocessable Content\",\"status\":422}")))
                    .get("/api/iiif/forwarded", (req, res) -> res.header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"proto\":\"" + req.requestHeaders().get("X-Forwarded-Proto")
                                    + "\",\"host\":\"" + req.requestHeaders().get("X-Forwarded-Host")
                                    + "\",\"port\":\"" + req.requestHeaders().get("X-Forwarded-Port")
                                    + "\",\"prefix\":\"" + req.requestHeaders().get("X-Forwarded-Prefix") + "\"}")))
                    .route(req -> true, (req, res) -> res
                            .header("Content-Type", "application/json")
                            .sendString(req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                                    .map(body -> "{\"method\":\"" + req.method() + "\",\"uri\":\"" + req.uri()
                                            + "\",\"body\":\"" + body.replace("\"", "'") + "\"}"))))
            .bindNow();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) throws IOException {
        registry.add("suite.gateway.services.iiif", () -> "http://127.0.0.1:" + DOWNSTREAM.port());
        int closed = closedPort();
        registry.add("suite.gateway.services.classifier", () -> "http://127.0.0.1:" + closed);
        registry.add("suite.gateway.response-timeout", () -> "1s");
    }

    @AfterAll
    static void stopDownstream() {
        DOWNSTREAM.disposeNow();
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    @Test
    void forwardsPathAndQueryUnchanged() {
        // IIIF ids carry %2F and percent-encoded URLs in queries; they must reach the service byte for byte.
        client.get().uri(URI.create("http://localhost:" + port + "/api/iiif/manifest?url=https%3A%2F%2Fexample.org%2Fiiif%2F1%2Fmanifest&x=%2F"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.method").isEqualTo("GET")
                .jsonPath("$.uri").isEqualTo("/api/iiif/manifest?url=https%3A%2F%2Fexample.org%2Fiiif%2F1%2Fmanifest&x=%2F");
    }

    @Test
    void forwardsRequestBodies() {
        client.post().uri("/api/iiif/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"manifestUrl\":\"https://example.org/m\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.method").isEqualTo("POST")
                .jsonPath("$.body").isEqualTo("{'manifestUrl':'https://example.org/m'}");
    }

    @Test
    void tellsTheServiceThePublicAddressTheClientCalledAndNothingTheClientClaims() {
        client.get().uri("/api/iiif/forwarded")
                .header("Host", "iiif.example.org:9443")
                .header("X-Forwarded-Host", "attacker.example")
                .header("X-Forwarded-Prefix", "/elsewhere")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.proto").isEqualTo("http")
                .jsonPath("$.host").isEqualTo("iiif.example.org:9443")
                .jsonPath("$.port").isEqualTo("9443")
                .jsonPath("$.prefix").isEqualTo("null");
    }

    @Test
    void passesAServicesProblemThroughUnchanged() {
        client.get().uri("/api/iiif/problem").exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:unprocessable");
    }

    @Test
    void serviceThatIsDownIsAServiceUnavailableProblem() {
        client.get().uri("/api/classifier/about").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:service-unavailable")
                .jsonPath("$.instance").isEqualTo("/api/classifier/about");
    }

    @Test
    void serviceSlowerThanTheResponseTimeoutIsAGatewayTimeoutProblem() {
        client.get().uri("/api/iiif/slow").exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:gateway-timeout");
    }

    @Test
    void pathsOutsideEveryPrefixAreNotFoundProblems() {
        // No demo route unless suite.gateway.demo-source names the demo source.
        for (String path : new String[] {"/api/unknown/x", "/api/iiifx/about", "/api", "/elsewhere", "/demo/iiif/collection.json"}) {
            client.get().uri(path).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:not-found");
        }
    }

    @Test
    void servesTheContractsAsYaml() {
        client.get().uri("/api-docs/iiif-fetcher.yaml").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/yaml")
                .expectBody(String.class).value(yaml -> assertThat(yaml).contains("/api/iiif/about:"));
    }

    @Test
    void invalidPrefixIsRefusedAtStartup() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GatewayRoutesProperties(
                        java.util.Map.of("Bad/Prefix", java.net.URI.create("http://x")), Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, null, null))
                .hasMessageContaining("suite.gateway.services.Bad/Prefix");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
