package org.iiifml.classifier.models;

import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;

/**
 * Imports a model version into the store: its bytes (a file, or a URL fetched under the suite's outbound
 * rules: no private or local addresses, redirects checked, size capped) must have the sha256 the operator
 * expects and the one its model.json declares, and ONNX Runtime must load it and find it fits the
 * classification contract, before it is written. An existing version is never overwritten.
 */
public final class ModelImporter {

    private final ModelStore store;
    private final SafeHttpClient http;
    private final long maxBytes;

    public ModelImporter(ModelStore store, SafeHttpClient http, long maxBytes) {
        this.store = store;
        this.http = http;
        this.maxBytes = maxBytes;
    }

    public ModelStore store() {
        return store;
    }

    /** Downloads a model file under the outbound rules, at most maxBytes. */
    public byte[] download(String url) {
        return http.get(url, maxBytes, Map.of()).block().body();
    }

    public ModelStore.StoredModel importModel(ModelDescriptor descriptor, byte[] onnx, String expectedSha256) {
        String expected = expectedSha256 == null ? "" : expectedSha256.trim().toLowerCase(Locale.ROOT);
        String actual = ModelStore.sha256(onnx);
        if (!actual.equals(expected)) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "the model file has sha256 " + actual + ", not the expected " + expected);
        }
        if (!actual.equals(descriptor.sha256())) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "model.json declares sha256 " + descriptor.sha256() + " for a file whose sha256 is " + actual);
        }
        if (!descriptor.task().equals("classification")) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "the classifier imports classification models, not " + descriptor.task());
        }
        if (Files.exists(store.root().resolve(descriptor.name()).resolve(descriptor.version()))) {
            throw new ProblemException(ProblemType.CONFLICT, "the store already has " + descriptor.key() + "; import a new version");
        }
        try (OnnxModel model = OnnxModel.load(onnx, descriptor.key(), RuntimeOptions.cpu(1))) {
            ModelRegistry.checkContract(descriptor, model);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "the model does not fit: " + e.getMessage());
        }
        return store.write(descriptor, onnx);
    }
}
