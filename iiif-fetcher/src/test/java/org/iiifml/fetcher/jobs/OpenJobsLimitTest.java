package org.iiifml.fetcher.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The open-jobs budget: with the runner off (nothing ends), the service takes two jobs and answers the
 * third with a 429 problem and Retry-After; the refused request's Idempotency-Key stays free for its retry.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"suite.jobs.enabled=false", "suite.jobs.max-open-jobs=2"})
@AutoConfigureWebTestClient(timeout = "30s")
class OpenJobsLimitTest {

    @Autowired
    WebTestClient client;

    WebTestClient.ResponseSpec create(int n, String key) {
        var request = client.post().uri("/api/iiif/jobs").contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.bodyValue("{\"manifestUrl\": \"https://example.org/iiif/" + n + "/manifest\"}").exchange();
    }

    @Test
    void pastTheOpenJobsBudgetANewJobIsA429WithRetryAfter() {
        create(1, null).expectStatus().isCreated();
        create(2, null).expectStatus().isCreated();
        create(3, "\"third\"").expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:too-many-requests")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("suite.jobs.max-open-jobs"));
        // Reading and listing still answer, and the key of the refused request is not taken.
        client.get().uri("/api/iiif/jobs?state=queued").exchange().expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(2);
        create(3, "\"third\"").expectStatus().isEqualTo(429);
    }
}
