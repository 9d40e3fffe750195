package org.iiifml.colorizer.models;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.iiifml.colorizer.config.ColorizerProperties;
import org.iiifml.inference.config.InferenceProperties;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;

/**
 * How the colorizer loads its models into the shared {@link ModelRegistry}: every colorization version
 * in the model store whose contract is colorization/lab or colorization/rgb, each checked against it with
 * one inference (which warms it up). There are no built-in weights: the trainer will publish the first.
 */
public final class ColorizationModels implements ModelRegistry.Loader<LoadedColorizer> {

    private final InferenceProperties inference;

    public ColorizationModels(InferenceProperties inference) {
        this.inference = inference;
    }

    public static ModelRegistry<LoadedColorizer> registry(ColorizerProperties colorizer, InferenceProperties inference) {
        Path directory = colorizer.modelDirectory().isBlank() ? Path.of(System.getProperty("user.home"), ".iiif-ml-suite", "models")
                : Path.of(colorizer.modelDirectory());
        ModelRegistry<LoadedColorizer> registry = new ModelRegistry<>("/api/colorizer/models",
                message -> new ProblemException(ProblemType.MODEL_NOT_FOUND, message), new ModelStore(directory),
                new ColorizationModels(inference), List.of(), colorizer.defaultModel());
        registry.reloadEvery(inference.reloadInterval());
        return registry;
    }

    @Override
    public String refusal(ModelDescriptor d) {
        if (!d.task().equals("colorization")) {
            return "the colorizer serves colorization models, not " + d.task();
        }
        return d.contract().equals(ColorizationContract.LAB) || d.contract().equals(ColorizationContract.RGB) ? null
                : "the colorizer reads the " + ColorizationContract.LAB + " and " + ColorizationContract.RGB + " contracts, not " + d.contract();
    }

    @Override
    public LoadedColorizer load(ModelStore.StoredModel stored) {
        return ready(stored.descriptor(), OnnxModel.loadWithExtraInputs(stored.onnx(), inference.runtime()));
    }

    static LoadedColorizer ready(ModelDescriptor descriptor, OnnxModel model) {
        try {
            ColorizationContract contract = ColorizationContract.of(descriptor);
            checkContract(descriptor, contract, model);
            return new LoadedColorizer(descriptor, model, contract);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Checks a model against its contract with one inference on a blank input: lab takes [N, 1, h, w] (the
     * preprocessing's size, or dynamic) and answers [N, 2, h', w'] or [N, 313, h', w'] as its output
     * parameter says; rgb takes [N, 3, s, s] and answers [N, 3, s, s].
     */
    public static void checkContract(ModelDescriptor descriptor, OnnxModel model) {
        checkContract(descriptor, ColorizationContract.of(descriptor), model);
    }

    private static void checkContract(ModelDescriptor descriptor, ColorizationContract contract, OnnxModel model) {
        long[] in = model.inputShape();
        var p = descriptor.preprocessing();
        if (contract instanceof ColorizationContract.Lab lab) {
            if (in.length != 4 || in[1] != 1 || !fits(in[2], p.height()) || !fits(in[3], p.width())) {
                throw new IllegalStateException(descriptor.key() + " takes " + Arrays.toString(in)
                        + "; a colorization/lab model takes the L channel, [N, 1, " + p.height() + ", " + p.width() + "]");
            }
            OnnxModel.Output out = model.run(new float[p.width() * p.height()], 1, new long[] {1, p.height(), p.width()}).get(0);
            long channels = lab.bins() ? 313 : 2;
            if (out.shape().length != 3 || out.shape()[0] != channels) {
                throw new IllegalStateException(descriptor.key() + " answers " + Arrays.toString(out.shape()) + " an image; "
                        + lab.output() + " is [" + channels + ", h, w]");
            }
        } else if (contract instanceof ColorizationContract.Rgb rgb) {
            int s = rgb.renderFactor() * 16;
            if (in.length != 4 || in[1] != 3 || !fits(in[2], s) || !fits(in[3], s)) {
                throw new IllegalStateException(descriptor.key() + " takes " + Arrays.toString(in)
                        + "; a colorization/rgb model takes [N, 3, s, s], s = renderFactor × 16 (" + s + ")");
            }
            OnnxModel.Output out = model.run(new float[3 * s * s], 1, new long[] {3, s, s}).get(0);
            if (!Arrays.equals(out.shape(), new long[] {3, s, s})) {
                throw new IllegalStateException(descriptor.key() + " answers " + Arrays.toString(out.shape())
                        + " an image; colorization/rgb is [3, " + s + ", " + s + "]");
            }
        }
    }

    private static boolean fits(long declared, int size) {
        return declared < 0 || declared == size;
    }
}
