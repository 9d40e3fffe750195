package org.iiifml.classifier.models;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iiifml.classifier.config.ClassifierProperties;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.runtime.MicroBatcher;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the classifier loads its models into the shared {@link ModelRegistry}: the built-in ones inside the
 * jar ({@code models/<name>/<version>/}, checked against their sha256) and every classification version in
 * the model store, each checked against the classification contract (one output of as many scores as it
 * has labels) with one inference, which also warms it up, and given its batcher.
 */
public final class ClassificationModels implements ModelRegistry.Loader<LoadedModel> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InferenceProperties inference;
    private final MeterRegistry meters;

    public ClassificationModels(InferenceProperties inference, MeterRegistry meters) {
        this.inference = inference;
        this.meters = meters;
    }

    /** The registry of a classifier with these properties, looking at its store every reload interval. */
    public static ModelRegistry<LoadedModel> registry(ClassifierProperties classifier, InferenceProperties inference, MeterRegistry meters) {
        ClassificationModels loader = new ClassificationModels(inference, meters);
        ModelRegistry<LoadedModel> registry = new ModelRegistry<>("/api/classifier/models",
                message -> new ProblemException(ProblemType.MODEL_NOT_FOUND, message), new ModelStore(store(classifier)), loader,
                loader.builtIns(), classifier.defaultModel());
        registry.reloadEvery(inference.reloadInterval());
        return registry;
    }

    /** The model store's folder: the configured one, or ~/.iiif-ml-suite/models. */
    static Path store(ClassifierProperties classifier) {
        return classifier.modelDirectory().isBlank() ? Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "models")
                : Path.of(classifier.modelDirectory());
    }

    @Override
    public String refusal(ModelDescriptor descriptor) {
        return descriptor.task().equals("classification") ? null : "the classifier serves classification models, not " + descriptor.task();
    }

    @Override
    public LoadedModel load(ModelStore.StoredModel stored) {
        return ready(stored.descriptor(), OnnxModel.load(stored.onnx(), inference.runtime()));
    }

    List<ModelRegistry.Loaded<LoadedModel>> builtIns() {
        List<ModelRegistry.Loaded<LoadedModel>> builtIns = new ArrayList<>();
        for (Resource json : resources()) {
            try (InputStream in = json.getInputStream(); InputStream onnxIn = json.createRelative("model.onnx").getInputStream()) {
                ModelDescriptor descriptor = JSON.readValue(in, ModelDescriptor.class);
                byte[] onnx = onnxIn.readAllBytes();
                if (!ModelStore.sha256(onnx).equals(descriptor.sha256())) {
                    throw new IllegalStateException("the built-in model " + descriptor.key() + " does not match its sha256");
                }
                builtIns.add(new ModelRegistry.Loaded<>(descriptor, ready(descriptor, OnnxModel.load(onnx, descriptor.key(), inference.runtime())),
                        "built-in"));
            } catch (IOException e) {
                throw new UncheckedIOException("a built-in model could not be read: " + json, e);
            }
        }
        return builtIns;
    }

    private static Resource[] resources() {
        try {
            return new PathMatchingResourcePatternResolver().getResources("classpath*:models/*/*/model.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LoadedModel ready(ModelDescriptor descriptor, OnnxModel model) {
        try {
            checkContract(descriptor, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        var p = descriptor.preprocessing();
        MicroBatcher batcher = new MicroBatcher(descriptor.key(), model, new long[] {3, p.height(), p.width()}, inference.maxBatch(),
                inference.maxDelay(), inference.queueCapacity(), meters);
        return new LoadedModel(descriptor, model, batcher);
    }

    /**
     * Checks a loaded model against the classification contract: input [N, 3, height, width] as its
     * preprocessing makes it, one score per label. Runs one inference, which also warms it up.
     */
    static void checkContract(ModelDescriptor descriptor, OnnxModel model) {
        long[] shape = model.inputShape();
        var p = descriptor.preprocessing();
        long[] expected = {3, p.height(), p.width()};
        long[] image = Arrays.copyOfRange(shape, 1, shape.length);
        if (shape.length != 4 || !Arrays.equals(image, expected)) {
            throw new IllegalStateException(descriptor.key() + " takes " + Arrays.toString(shape)
                    + " but its preprocessing makes [N, 3, " + p.height() + ", " + p.width() + "]");
        }
        OnnxModel.Output out = model.run(new float[p.tensorSize()], 1, expected).get(0);
        if (out.values().length != descriptor.labels().size()) {
            throw new IllegalStateException(descriptor.key() + " answers " + out.values().length + " scores for "
                    + descriptor.labels().size() + " labels");
        }
    }
}
