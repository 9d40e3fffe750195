package org.iiifml.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every way a request can fail ends as a problem+json response with a stable type and no internals. */
@SpringBootTest(classes = ProblemTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.http.codecs.max-in-memory-size=1KB", "spring.config.import=classpath:suite-defaults.yaml"})
@AutoConfigureWebTestClient
class ProblemResponsesTest {

    @Autowired
    WebTestClient client;

    private WebTestClient.ResponseSpec upload(String contentType, String body) {
        return client.post().uri("/upload").header("Content-Type", contentType).bodyValue(body).exchange();
    }

    private static String part(String boundary, String name) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"x.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nabc\r\n";
    }

    /** Malformed multipart bodies are the client's mistake: 400 problems, never a 500. */
    @Test
    void malformedMultipartBodiesAreBadRequests() {
        upload("multipart/form-data; boundary=b", part("b", "image") + "--b--\r\n").expectStatus().isOk()
                .expectBody().jsonPath("$.bytes").isEqualTo(3);
        for (var body : java.util.List.of(
                java.util.Map.entry("multipart/form-data", part("b", "image") + "--b--\r\n"),        // no boundary
                java.util.Map.entry("multipart/form-data; boundary=b", part("b", "image")),           // no closing boundary
                java.util.Map.entry("multipart/form-data; boundary=b", "no parts at all"),
                java.util.Map.entry("multipart/form-data; boundary=b",
                        String.join("", java.util.Collections.nCopies(20, part("b", "image"))) + "--b--\r\n"))) {
            upload(body.getKey(), body.getValue()).expectStatus().value(status -> org.assertj.core.api.Assertions.assertThat(status)
                            .as(body.getKey() + " " + body.getValue().length()).isBetween(400, 415))
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").value(s -> org.assertj.core.api.Assertions.assertThat((Integer) s).isLessThan(500));
        }
    }

    @Test
    void unknownPathIsNotFound() {
        problem(client.get().uri("/nothing/here").exchange(), 404, "not-found")
                .jsonPath("$.detail").isEqualTo("Nothing is served at GET /nothing/here.")
                .jsonPath("$.instance").isEqualTo("/nothing/here");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        problem(client.delete().uri("/json?url=x").exchange(), 405, "method-not-allowed")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("GET"));
    }

    @Test
    void missingParameterIsBadRequestNamingIt() {
        problem(client.get().uri("/json").exchange(), 400, "bad-request")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("url"));
    }

    @Test
    void unacceptableMediaTypeIsNotAcceptable() {
        problem(client.get().uri("/json?url=x").accept(MediaType.IMAGE_PNG).exchange(), 406, "not-acceptable");
    }

    @Test
    void wrongContentTypeIsUnsupportedMediaType() {
        problem(client.post().uri("/orders").contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange(),
                415, "unsupported-media-type");
    }

    @Test
    void malformedJsonIsBadRequest() {
        problem(client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":").exchange(),
                400, "bad-request");
    }

    @Test
    void invalidBodyListsEachFieldError() {
        problem(client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"\",\"quantity\":0}").exchange(), 400, "bad-request")
                .jsonPath("$.errors.length()").isEqualTo(2);
    }

    @Test
    void bodyOverTheConfiguredLimitIsPayloadTooLarge() {
        String big = "{\"name\":\"" + "x".repeat(4096) + "\",\"quantity\":1}";
        problem(client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange(),
                413, "payload-too-large");
    }

    @Test
    void problemExceptionKeepsItsTypeDetailAndExtensions() {
        problem(client.get().uri("/unprocessable").exchange(), 422, "unprocessable")
                .jsonPath("$.title").isEqualTo("Unprocessable Content")
                .jsonPath("$.detail").isEqualTo("The manifest has no canvases.")
                .jsonPath("$.manifestUrl").isEqualTo("https://example.org/iiif/manifest");
    }

    @Test
    void tooManyRequestsSaysWhenToRetry() {
        client.get().uri("/busy").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7");
    }

    @Test
    void unexpectedFailureIsAGenericProblemWithoutInternals() {
        // The operator's log keeps what the client is not shown; captured here rather than printed, since
        // this failure is deliberate.
        Logger logger = (Logger) LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        boolean additive = logger.isAdditive();
        logger.addAppender(appender);
        logger.setAdditive(false);
        try {
            byte[] body = problem(client.get().uri("/crash").exchange(), 500, "internal-error")
                    .returnResult().getResponseBodyContent();
            assertThat(new String(body, StandardCharsets.UTF_8))
                    .doesNotContain("secret").doesNotContain("IllegalStateException")
                    .doesNotContain("/srv/models").doesNotContain("\tat ");
            assertThat(appender.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("GET /crash");
                assertThat(event.getThrowableProxy().getMessage()).contains("secret internal detail");
            });
        } finally {
            logger.setAdditive(additive);
            logger.detachAppender(appender);
        }
    }

    private WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String slug) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo(ProblemType.URI_PREFIX + slug)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.title").isNotEmpty()
                .jsonPath("$.requestId").isNotEmpty();
    }
}
