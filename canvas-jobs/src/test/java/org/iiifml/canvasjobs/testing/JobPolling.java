package org.iiifml.canvasjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Polls a job's URL until it has ended (succeeded, failed or cancelled), failing the test after two minutes. */
public final class JobPolling {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JobPolling() {
    }

    public static JsonNode awaitEnd(HttpClient http, String jobUrl) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(jobUrl)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode job = JSON.readTree(answer.body());
            if (List.of("succeeded", "failed", "cancelled").contains(job.get("state").asString())) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s ends in time: %s", jobUrl, job).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
