package org.iiifml.classifier.models;

import java.util.Map;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;

/**
 * The classifier's imports: the store's importer with the classification contract, a download under the
 * suite's outbound rules (no private or local addresses, redirects checked, size capped), and refusals as
 * problems (409 for an existing version, 422 for the rest).
 */
public final class ModelImporter {

    private final org.iiifml.inference.store.ModelImporter importer;
    private final SafeHttpClient http;
    private final long maxBytes;

    public ModelImporter(ModelStore store, SafeHttpClient http, long maxBytes) {
        this.importer = forStore(store);
        this.http = http;
        this.maxBytes = maxBytes;
    }

    /** The store's importer for classification models. */
    static org.iiifml.inference.store.ModelImporter forStore(ModelStore store) {
        return new org.iiifml.inference.store.ModelImporter(store, "classification", ClassificationModels::checkContract);
    }

    public ModelStore store() {
        return importer.store();
    }

    /** Downloads a model file under the outbound rules, at most maxBytes. */
    public byte[] download(String url) {
        return http.get(url, maxBytes, Map.of()).block().body();
    }

    public ModelStore.StoredModel importModel(ModelDescriptor descriptor, byte[] onnx, String expectedSha256) {
        try {
            return importer.importModel(descriptor, onnx, expectedSha256);
        } catch (org.iiifml.inference.store.ModelImporter.Refused e) {
            throw new ProblemException(e.reason() == org.iiifml.inference.store.ModelImporter.Refused.Reason.EXISTS
                    ? ProblemType.CONFLICT : ProblemType.UNPROCESSABLE, e.getMessage());
        }
    }
}
