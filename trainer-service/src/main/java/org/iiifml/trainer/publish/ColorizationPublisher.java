package org.iiifml.trainer.publish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.trainer.colorization.ColorNet;
import org.iiifml.trainer.colorization.ColorizationTraining;
import org.iiifml.trainer.colorization.ColorNetOnnx;
import org.iiifml.trainer.training.TrainingFailed;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trained colouriser into the model store as a new version under the {@code colorization/lab} contract
 * that the colorizer serves (it finds new versions without a restart): the ONNX export, checked against
 * DJL on validation images first (max abs difference ≤ {@link #PARITY_LIMIT}, recorded), and a model.json
 * with the provenance: dataset record, settings, seed, epochs, metrics, software version, licence, sha256.
 */
public final class ColorizationPublisher {

    public static final double PARITY_LIMIT = 1e-4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ColorizationPublisher() {
    }

    /**
     * @param parityImages a few validation images (sRGB, the training's size) to compare ONNX Runtime and DJL on
     * @param dataset the dataset record (sources, counts per split, rights statements)
     * @param licence the licence of the weights, from the training data's rights
     */
    public static ModelStore.StoredModel publish(ColorizationTraining training, ColorizationTraining.Result result, ModelStore store,
            String name, String version, List<int[]> parityImages, JsonNode dataset, String licence, String software) {
        ColorizationTraining.Settings s = training.settings();
        int size = s.imageSize();
        byte[] onnx = ColorNetOnnx.export(training.net(), size, name + "-" + version);
        int count = Math.min(4, parityImages.size());
        float[] l = new float[count * size * size];
        float[] ab = new float[count * 2 * size * size];
        for (int k = 0; k < count; k++) {
            ColorizationTraining.fill(parityImages.get(k), false, size, l, ab, k);
        }
        double parity = ColorNetOnnx.parity(onnx, l, count, size, training.predict(l, count));
        if (!(parity <= PARITY_LIMIT)) {
            throw new TrainingFailed("the ONNX export answers up to " + parity + " away from the trained network (the limit is "
                    + PARITY_LIMIT + "); the model was not published");
        }
        ObjectNode provenance = JSON.createObjectNode();
        provenance.put("trainedBy", software).put("engine", "DJL PyTorch (" + training.device() + ")").put("architecture",
                "ColorNet U-Net, width " + s.width());
        provenance.set("settings", JSON.valueToTree(s));
        provenance.put("seed", s.seed()).put("epochs", result.history().size()).put("bestEpoch", result.bestEpoch())
                .put("stoppedEarly", result.stoppedEarly()).put("steps", result.steps()).put("onnxParityMaxAbsDiff", parity);
        provenance.set("metrics", JSON.valueToTree(result.history()));
        if (dataset != null) {
            provenance.set("dataset", dataset);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("lCenter", ColorNet.L_CENTER);
        parameters.put("lScale", ColorNet.L_SCALE);
        parameters.put("output", "ab");
        parameters.put("abScale", ColorNet.AB_SCALE);
        ModelDescriptor descriptor = new ModelDescriptor(name, version, "colorization", "colorization/lab",
                new Preprocessing(Preprocessing.STRETCH, size, size, null, 1.0, null, null, "RGB", null), List.of(), licence,
                "trained by the suite's trainer-service", ModelStore.sha256(onnx), provenance, JSON.valueToTree(parameters));
        return store.write(descriptor, onnx);
    }
}
