package org.iiifml.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service of the suite promises, run against each service on a real port. A service's test
 * extends this with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and
 * {@code @AutoConfigureWebTestClient}, pointing the fetcher client at a port where nothing listens.
 */
public abstract class ServiceConventionsTest {

    /** A base URL nothing listens on: dependencies must show as DOWN, not fail the service. */
    public static final String UNREACHABLE = "http://127.0.0.1:1";

    @Autowired
    protected WebTestClient client;

    private final String prefix;
    private final String service;
    private final List<String> dependencies;

    protected ServiceConventionsTest(String prefix, String service, List<String> dependencies) {
        this.prefix = prefix;
        this.service = service;
        this.dependencies = List.copyOf(dependencies);
    }

    @Test
    void aboutNamesTheServiceAndItsBuildVersion() {
        client.get().uri("/api/" + prefix + "/about").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.service").isEqualTo(service)
                .jsonPath("$.version").value(v -> assertThat((String) v).matches("\\d+\\.\\d+\\.\\d+.*"))
                .jsonPath("$.description").value(d -> assertThat((String) d).isNotBlank());
    }

    @Test
    void aboutReportsUnreachableDependenciesAsDownWithoutFailing() {
        WebTestClient.BodyContentSpec body = client.get().uri("/api/" + prefix + "/about").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.dependencies.length()").isEqualTo(dependencies.size());
        for (int i = 0; i < dependencies.size(); i++) {
            body.jsonPath("$.dependencies[" + i + "].name").isEqualTo(dependencies.get(i))
                    .jsonPath("$.dependencies[" + i + "].status").isEqualTo("DOWN")
                    .jsonPath("$.dependencies[" + i + "].detail").value(d -> assertThat((String) d).startsWith("not reachable"));
        }
    }

    @Test
    void livenessAndReadinessProbesAreUp() {
        for (String probe : List.of("liveness", "readiness")) {
            client.get().uri("/actuator/health/" + probe).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
        }
    }

    @Test
    void infoCarriesTheBuild() {
        client.get().uri("/actuator/info").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.build.artifact").isEqualTo(service);
    }

    @Test
    void onlyHealthInfoAndPrometheusAreExposed() {
        for (String hidden : List.of("env", "beans", "configprops", "heapdump", "loggers", "mappings")) {
            client.get().uri("/actuator/" + hidden).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void unknownOperationIsANotFoundProblem() {
        client.get().uri("/api/" + prefix + "/no-such-operation").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:not-found")
                .jsonPath("$.instance").isEqualTo("/api/" + prefix + "/no-such-operation");
    }
}
