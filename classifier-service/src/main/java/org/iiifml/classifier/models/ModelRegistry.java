package org.iiifml.classifier.models;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.iiifml.classifier.config.ClassifierProperties;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.runtime.MicroBatcher;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * The classifier's models: the built-in ones inside the jar ({@code models/<name>/<version>/}) and every
 * verified version in the model store. Each is loaded once, checked against the classification contract
 * (one output of as many scores as it has labels) and warmed up with one inference before the service
 * reports ready, since this happens while the application starts.
 */
public final class ModelRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, LoadedModel> models = new java.util.concurrent.ConcurrentHashMap<>();
    private final LoadedModel defaultModel;
    private final InferenceProperties inference;
    private final MeterRegistry meters;
    private final ModelStore store;

    public ModelRegistry(ClassifierProperties classifier, InferenceProperties inference, MeterRegistry meters) {
        this.inference = inference;
        this.meters = meters;
        for (Resource json : builtIns()) {
            try (InputStream in = json.getInputStream(); InputStream onnxIn = json.createRelative("model.onnx").getInputStream()) {
                ModelDescriptor descriptor = JSON.readValue(in, ModelDescriptor.class);
                byte[] onnx = onnxIn.readAllBytes();
                if (!ModelStore.sha256(onnx).equals(descriptor.sha256())) {
                    throw new IllegalStateException("the built-in model " + descriptor.key() + " does not match its sha256");
                }
                add(descriptor, OnnxModel.load(onnx, descriptor.key(), inference.runtime()), "built-in", inference, meters);
            } catch (IOException e) {
                throw new UncheckedIOException("a built-in model could not be read: " + json, e);
            }
        }
        Path directory = classifier.modelDirectory().isBlank()
                ? Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "models")
                : Path.of(classifier.modelDirectory());
        this.store = new ModelStore(directory);
        for (ModelStore.StoredModel stored : store.list()) {
            if (!stored.descriptor().task().equals("classification")) {
                continue;
            }
            try {
                add(stored.descriptor(), OnnxModel.load(stored.onnx(), inference.runtime()), "store", inference, meters);
            } catch (RuntimeException e) {
                log.warn("Model {} from {} is left out: {}", stored.descriptor().key(), directory, e.getMessage());
            }
        }
        this.defaultModel = classifier.defaultModel().isBlank() ? list().stream().findFirst().orElse(null)
                : find(classifier.defaultModel());
        if (!classifier.defaultModel().isBlank() && defaultModel == null) {
            throw new IllegalStateException("suite.classifier.default-model names " + classifier.defaultModel()
                    + ", which is not loaded; models: " + models.keySet());
        }
        log.info("Classifier models ready: {} (default {})", models.keySet(), defaultModel == null ? "none" : defaultModel.descriptor().key());
    }

    private static Resource[] builtIns() {
        try {
            return new PathMatchingResourcePatternResolver().getResources("classpath*:models/*/*/model.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks a loaded model against the classification contract: input [N, 3, height, width] as its
     * preprocessing makes it, one score per label. Runs one inference, which also warms it up.
     */
    static void checkContract(ModelDescriptor descriptor, OnnxModel model) {
        long[] shape = model.inputShape();
        var p = descriptor.preprocessing();
        long[] expected = {3, p.height(), p.width()};
        long[] image = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        if (shape.length != 4 || !java.util.Arrays.equals(image, expected)) {
            throw new IllegalStateException(descriptor.key() + " takes " + java.util.Arrays.toString(shape)
                    + " but its preprocessing makes [N, 3, " + p.height() + ", " + p.width() + "]");
        }
        OnnxModel.Output out = model.run(new float[p.tensorSize()], 1, expected).get(0);
        if (out.values().length != descriptor.labels().size()) {
            throw new IllegalStateException(descriptor.key() + " answers " + out.values().length + " scores for "
                    + descriptor.labels().size() + " labels");
        }
    }

    /** Loads a stored model version and makes it usable at once (after an import). */
    public synchronized LoadedModel load(ModelStore.StoredModel stored) {
        add(stored.descriptor(), OnnxModel.load(stored.onnx(), inference.runtime()), "store", inference, meters);
        return models.get(stored.descriptor().key());
    }

    private synchronized void add(ModelDescriptor descriptor, OnnxModel model, String origin, InferenceProperties inference,
            MeterRegistry meters) {
        var p = descriptor.preprocessing();
        long[] expected = {3, p.height(), p.width()};
        try {
            checkContract(descriptor, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        MicroBatcher batcher = new MicroBatcher(descriptor.key(), model, expected, inference.maxBatch(), inference.maxDelay(),
                inference.queueCapacity(), meters);
        LoadedModel previous = models.put(descriptor.key(), new LoadedModel(descriptor, model, batcher, origin));
        if (previous != null) {
            log.warn("Model {} from the {} replaces the {} one", descriptor.key(), origin, previous.origin());
            previous.batcher().close();
            previous.model().close();
        }
    }

    /** Every loaded model, by name then version. */
    public List<LoadedModel> list() {
        List<LoadedModel> all = new ArrayList<>(models.values());
        all.sort(Comparator.comparing((LoadedModel m) -> m.descriptor().name()).thenComparing(m -> m.descriptor().version(), ModelStore.VERSIONS));
        return all;
    }

    /** The model store this registry reads (and imports write to). */
    public ModelStore store() {
        return store;
    }

    public LoadedModel defaultModel() {
        return defaultModel;
    }

    /** The model a request names: "name:version", or "name" for its newest version, or null for the default. */
    public LoadedModel resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            if (defaultModel == null) {
                throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model is loaded");
            }
            return defaultModel;
        }
        LoadedModel model = find(ref.trim());
        if (model == null) {
            throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model '" + abbreviate(ref) + "' is loaded; GET /api/classifier/models lists them");
        }
        return model;
    }

    private LoadedModel find(String ref) {
        if (ref.contains(":")) {
            return models.get(ref);
        }
        return models.values().stream().filter(m -> m.descriptor().name().equals(ref))
                .max(Comparator.comparing(m -> m.descriptor().version(), ModelStore.VERSIONS)).orElse(null);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Override
    public void destroy() {
        models.values().forEach(m -> {
            m.batcher().close();
            m.model().close();
        });
    }
}
