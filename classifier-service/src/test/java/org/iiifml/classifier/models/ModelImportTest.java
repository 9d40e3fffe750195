package org.iiifml.classifier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iiifml.support.testing.Problems.assertProblem;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.inference.testing.TestModels;
import org.iiifml.support.outbound.StubServer;
import org.iiifml.support.testing.ServiceConventionsTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Importing models: through the admin endpoint from a URL (a stand-in server on loopback, which this test
 * opens), and with the operator's command from a file. Only a model with the expected sha256, its declared
 * sha256 and a shape that fits the contract gets in, and a version is never overwritten.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.fetcher.base-url=" + ServiceConventionsTest.UNREACHABLE, "suite.classifier.admin-imports=true",
        "suite.outbound.allow-loopback=true", "suite.outbound.max-attempts=1"})
@AutoConfigureWebTestClient(timeout = "60s")
class ModelImportTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final StubServer FILES = new StubServer();
    static final byte[] COLOURS = TestModels.channelMeans(8, 4f, new float[3]);
    static final byte[] WRONG_SHAPE = TestModels.channelMeans(4, 1f, new float[3]);
    static final Path STORE;

    static {
        FILES.answer((req, res) -> switch (req.uri()) {
            case "/colours.onnx" -> res.sendByteArray(Mono.just(COLOURS)).then();
            case "/wrong-shape.onnx" -> res.sendByteArray(Mono.just(WRONG_SHAPE)).then();
            default -> res.status(404).send();
        });
        try {
            STORE = Files.createTempDirectory("classifier-import");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("suite.classifier.model-directory", STORE::toString);
    }

    @AfterAll
    static void stop() {
        FILES.close();
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    static ModelDescriptor descriptor(String name, String version, byte[] onnx) {
        return new ModelDescriptor(name, version, "classification", "classification/imagenet",
                new Preprocessing(Preprocessing.STRETCH, 8, 8, null, 1.0 / 255, null, null, "RGB", null), List.of("red", "green", "blue"),
                "CC0-1.0", "made by the test", ModelStore.sha256(onnx), null);
    }

    EntityExchangeResult<byte[]> importModel(ModelDescriptor descriptor, String url, String sha256) {
        ObjectNode body = JSON.createObjectNode();
        body.set("descriptor", JSON.valueToTree(descriptor));
        body.put("url", url).put("sha256", sha256);
        return client.post().uri(URI.create("http://localhost:" + port + "/api/classifier/models")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toString()).exchange().expectBody().returnResult();
    }

    @Test
    void aModelImportedFromAUrlIsCheckedStoredAndUsableAtOnce() {
        String sha = ModelStore.sha256(COLOURS);
        var created = importModel(descriptor("imported", "1", COLOURS), FILES.url("/colours.onnx"), sha);
        assertThat(created.getStatus().value()).as(new String(created.getResponseBody())).isEqualTo(201);
        assertThat(JSON.readTree(created.getResponseBody()).get("sha256").asString()).isEqualTo(sha);
        assertThat(STORE.resolve("imported/1/model.onnx")).exists();

        JsonNode models = JSON.readTree(client.get().uri(URI.create("http://localhost:" + port + "/api/classifier/models")).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody()).get("models");
        assertThat(models.toString()).contains("\"name\":\"imported\"");

        assertProblem(importModel(descriptor("imported", "1", COLOURS), FILES.url("/colours.onnx"), sha), 409, "conflict");
        assertProblem(importModel(descriptor("other", "1", COLOURS), FILES.url("/colours.onnx"), "0".repeat(64)), 422, "unprocessable");
        assertProblem(importModel(descriptor("shape", "1", WRONG_SHAPE), FILES.url("/wrong-shape.onnx"), ModelStore.sha256(WRONG_SHAPE)),
                422, "unprocessable");
        assertProblem(importModel(descriptor("meta", "1", COLOURS), "http://169.254.169.254/latest/model.onnx", sha), 400, "url-refused");
        assertProblem(importModel(descriptor("gone", "1", COLOURS), FILES.url("/missing.onnx"), sha), 404, "upstream-not-found");
        assertThat(STORE.resolve("other")).doesNotExist();
        assertThat(STORE.resolve("shape")).doesNotExist();
    }

    @Test
    void theImportCommandTakesAFileWithItsExpectedDigest(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("model.json");
        Path onnx = dir.resolve("model.onnx");
        Files.write(onnx, COLOURS);
        Files.writeString(json, JSON.writeValueAsString(descriptor("from-file", "2", COLOURS)));
        Path store = dir.resolve("store");
        assertThat(ImportModelCommand.run(new String[] {json.toString(), onnx.toString(), "0".repeat(64), store.toString()})).isEqualTo(1);
        assertThat(store.resolve("from-file")).doesNotExist();
        assertThat(ImportModelCommand.run(new String[] {json.toString(), onnx.toString(), ModelStore.sha256(COLOURS), store.toString()}))
                .isZero();
        assertThat(new ModelStore(store).list()).extracting(m -> m.descriptor().key()).containsExactly("from-file:2");
        assertThat(ImportModelCommand.run(new String[] {json.toString()})).isEqualTo(2);
    }
}
