package org.iiifml.extractor.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.inference.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The operator's import command with the detection/yolov8 contract, on files. */
class ImportModelCommandTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Preprocessing LETTERBOX = new Preprocessing(Preprocessing.LETTERBOX, 640, 640, null, 1.0 / 255, null, null, "RGB", 114);

    @TempDir
    Path dir;

    Path write(String name, ModelDescriptor descriptor, byte[] onnx) throws Exception {
        Files.write(dir.resolve(name + ".onnx"), onnx);
        JSON.writeValue(dir.resolve(name + ".json").toFile(), descriptor);
        return dir.resolve(name + ".json");
    }

    int run(Path json, String onnx, String sha, Path store) {
        return ImportModelCommand.run(new String[] {json.toString(), onnx, sha, store.toString()});
    }

    @Test
    void aYoloV8ModelIsImportedOnceAndEverythingElseRefused() throws Exception {
        Path store = dir.resolve("store");
        byte[] yolo = TestModels.yoloV8Constant(1, new float[5 * 8400]);
        String sha = ModelStore.sha256(yolo);
        Path json = write("plates", new ModelDescriptor("plates", "1", "detection", "detection/yolov8", LETTERBOX,
                List.of("illustration"), "CC0-1.0", "made by the test", sha, null), yolo);
        String file = dir.resolve("plates.onnx").toString();

        assertThat(run(json, file, "0".repeat(64), store)).as("another sha256 than expected").isEqualTo(1);
        assertThat(run(json, file, sha, store)).isZero();
        assertThat(new ModelStore(store).list()).extracting(m -> m.descriptor().key()).containsExactly("plates:1");
        assertThat(run(json, file, sha, store)).as("the version exists").isEqualTo(1);

        // Two labels declared for a one-class output: the contract check refuses it.
        Path twoLabels = write("two", new ModelDescriptor("two", "1", "detection", "detection/yolov8", LETTERBOX,
                List.of("figure", "map"), "CC0-1.0", "made by the test", sha, null), yolo);
        assertThat(run(twoLabels, file, sha, store)).isEqualTo(1);
        // A classification model is not the extractor's.
        byte[] classifier = TestModels.channelMeans(8, 1f, new float[3]);
        Path other = write("colours", new ModelDescriptor("colours", "1", "classification", "classification/imagenet",
                new Preprocessing(Preprocessing.STRETCH, 8, 8, null, 1.0 / 255, null, null, "RGB", null), List.of("r", "g", "b"),
                "CC0-1.0", "made by the test", ModelStore.sha256(classifier), null), classifier);
        assertThat(run(other, dir.resolve("colours.onnx").toString(), ModelStore.sha256(classifier), store)).isEqualTo(1);
        assertThat(ImportModelCommand.run(new String[] {json.toString()})).as("usage").isEqualTo(2);
        assertThat(new ModelStore(store).list()).hasSize(1);
    }
}
