package org.iiifml.colorizer.colorize;

import static org.assertj.core.api.Assertions.assertThat;

import org.iiifml.support.testing.ServiceConventionsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** With no model installed, colourising is a 503 problem that says how to import one; the list is empty. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "suite.fetcher.base-url=" + ServiceConventionsTest.UNREACHABLE)
@AutoConfigureWebTestClient
class NoModelTest {

    @TempDir
    static java.nio.file.Path store;

    @DynamicPropertySource
    static void empty(DynamicPropertyRegistry registry) {
        registry.add("suite.colorizer.model-directory", () -> store.toString());
    }

    @Autowired
    WebTestClient client;

    @Test
    void colourisingWithoutAModelSaysHowToImportOne() throws Exception {
        client.get().uri("/api/colorizer/models").exchange().expectStatus().isOk().expectBody().jsonPath("$.models.length()").isEqualTo(0);
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("image", new ByteArrayResource(ColorizeEndpointTest.jpeg(10, 10, 0x808080)) {
            @Override
            public String getFilename() {
                return "x.jpg";
            }
        });
        client.post().uri("/api/colorizer/colorize").body(BodyInserters.fromMultipartData(body.build())).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:no-model")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("import-model").contains("docs/models.md"));
    }
}
