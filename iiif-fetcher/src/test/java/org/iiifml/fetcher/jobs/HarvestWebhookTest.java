package org.iiifml.fetcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iiifml.jobs.webhook.WebhookSigner;
import org.iiifml.support.outbound.StubServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deployment with a webhook secret: a harvest job's receiver gets signed progress and completion
 * deliveries, and webhook URLs that the outbound rules refuse are refused when the job is created.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.outbound.allow-loopback=true", "suite.outbound.max-attempts=1", "suite.jobs.poll-interval=50ms",
        "suite.jobs.webhooks.secret=deployment-secret"})
@AutoConfigureWebTestClient(timeout = "30s")
class HarvestWebhookTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final StubServer SERVERS = new StubServer();
    static final List<JsonNode> RECEIVED = new CopyOnWriteArrayList<>();
    static final List<Boolean> VERIFIED = new CopyOnWriteArrayList<>();

    static {
        WebhookSigner signer = new WebhookSigner("deployment-secret");
        SERVERS.answer((req, res) -> {
            if (req.uri().equals("/hook")) {
                return req.receive().aggregate().asByteArray().flatMap(body -> {
                    RECEIVED.add(JSON.readTree(body));
                    VERIFIED.add(signer.verify(req.requestHeaders().get(WebhookSigner.SIGNATURE_HEADER), body, Instant.now(),
                            Duration.ofMinutes(5)));
                    return Mono.from(res.status(204).send());
                });
            }
            if (req.uri().equals("/m.json")) {
                return StubServer.json(res, HarvestJobsTest.manifest(SERVERS, "w", 2));
            }
            if (req.uri().equals("/img/w-1/info.json")) {
                return StubServer.json(res, """
                        {"@context": "http://iiif.io/api/image/3/context.json", "id": "%s", "type": "ImageService3",
                         "protocol": "http://iiif.io/api/image", "profile": "level1", "width": 800, "height": 600}"""
                        .formatted(SERVERS.url("/img/w-1")));
            }
            return res.status(404).send();
        });
    }

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    @Test
    void theReceiverGetsSignedDeliveries() throws Exception {
        String body = "{\"manifestUrl\": \"" + SERVERS.url("/m.json") + "\", \"webhook\": {\"url\": \"" + SERVERS.url("/hook")
                + "\", \"progress\": true}}";
        client.post().uri(URI.create("http://localhost:" + port + "/api/iiif/jobs")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (RECEIVED.stream().noneMatch(d -> d.get("event").asString().equals("job.finished"))) {
            assertThat(System.nanoTime()).as("a job.finished delivery arrives").isLessThan(deadline);
            Thread.sleep(50);
        }
        JsonNode finished = RECEIVED.stream().filter(d -> d.get("event").asString().equals("job.finished")).findFirst().orElseThrow();
        assertThat(finished.get("job").get("state").asString()).isEqualTo("succeeded");
        assertThat(finished.get("job").get("progress").toString()).isEqualTo("{\"total\":2,\"done\":1,\"failed\":1}");
        assertThat(finished.get("failedItems").get(0).get("problem").get("type").asString())
                .isEqualTo("urn:iiif-ml:problem:upstream-not-found");
        assertThat(finished.get("job").has("items")).isFalse();
        assertThat(VERIFIED).isNotEmpty().containsOnly(true);
    }

    @Test
    void aWebhookToARefusedAddressIsRefusedAtCreation() {
        for (String url : List.of("http://169.254.169.254/hook", "http://10.0.0.8/hook", "file:///etc/passwd")) {
            byte[] problem = client.post().uri(URI.create("http://localhost:" + port + "/api/iiif/jobs"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"manifestUrl\": \"" + SERVERS.url("/m.json") + "\", \"webhook\": {\"url\": \"" + url + "\"}}")
                    .exchange().expectStatus().isBadRequest().expectBody().returnResult().getResponseBody();
            assertThat(JSON.readTree(problem).get("type").asString()).as(url)
                    .isIn("urn:iiif-ml:problem:url-refused", "urn:iiif-ml:problem:bad-request");
        }
    }
}
