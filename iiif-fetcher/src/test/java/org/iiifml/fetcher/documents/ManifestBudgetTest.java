package org.iiifml.fetcher.documents;

import java.util.ArrayList;
import java.util.List;
import org.iiifml.support.outbound.StubServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A manifest with more canvases than suite.documents.max-canvases (5 here) is a 422 problem, in v3 and v2;
 * one of more JSON tokens than suite.documents.max-json-tokens (300 here) too, counted before it is parsed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.outbound.allow-loopback=true", "suite.outbound.max-attempts=1", "suite.documents.max-canvases=5",
        "suite.documents.max-json-tokens=300"})
@AutoConfigureWebTestClient(timeout = "30s")
class ManifestBudgetTest {

    static final StubServer IIIF = new StubServer();

    static {
        IIIF.answer((req, res) -> switch (req.uri()) {
            case "/v3-5.json" -> StubServer.json(res, v3(5));
            case "/v3-6.json" -> StubServer.json(res, v3(6));
            case "/v2-6.json" -> StubServer.json(res, v2(6));
            case "/v3-tokens.json" -> StubServer.json(res, v3(1).replace("\"items\": [", "\"seeAlso\": [" + "1,".repeat(300) + "1], \"items\": ["));
            default -> res.status(404).send();
        });
    }

    @AfterAll
    static void stop() {
        IIIF.close();
    }

    @Autowired
    WebTestClient client;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    static String v3(int canvases) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < canvases; i++) {
            items.add("{\"id\": \"https://example.org/c" + i + "\", \"type\": \"Canvas\", \"width\": 10, \"height\": 10, \"items\": []}");
        }
        return "{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", \"id\": \"https://example.org/m\", \"type\": \"Manifest\","
                + " \"label\": {\"en\": [\"m\"]}, \"items\": [" + String.join(",", items) + "]}";
    }

    static String v2(int canvases) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < canvases; i++) {
            items.add("{\"@id\": \"https://example.org/c" + i + "\", \"@type\": \"sc:Canvas\", \"label\": \"p\", \"width\": 10, \"height\": 10, \"images\": []}");
        }
        return "{\"@context\": \"http://iiif.io/api/presentation/2/context.json\", \"@id\": \"https://example.org/m\", \"@type\": \"sc:Manifest\","
                + " \"label\": \"m\", \"sequences\": [{\"@type\": \"sc:Sequence\", \"canvases\": [" + String.join(",", items) + "]}]}";
    }

    private WebTestClient.ResponseSpec manifest(String path) {
        return client.get().uri(UriComponentsBuilder.fromUriString("http://localhost:" + port + "/api/iiif/manifest").queryParam("url", IIIF.url(path)).encode().build().toUri())
                .exchange();
    }

    @Test
    void aManifestPastTheCanvasBudgetIsRefusedAndOneAtItIsServed() {
        manifest("/v3-5.json").expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(5);
        for (String path : List.of("/v3-6.json", "/v2-6.json")) {
            manifest(path).expectStatus().isEqualTo(422)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:too-many-items")
                    .jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat(d.toString())
                            .contains("has 6 canvases").contains("suite.documents.max-canvases"));
        }
    }

    @Test
    void aManifestPastTheTokenBudgetIsRefusedAsTooLarge() {
        manifest("/v3-tokens.json").expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:upstream-too-large")
                .jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat(d.toString())
                        .contains("more than 300 JSON tokens").contains("suite.documents.max-json-tokens"));
    }
}
