package org.iiifml.colorizer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The operator's import command with the colorization contracts, on files: what fits goes in once, the rest is refused. */
class ImportModelCommandTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Path write(String name, ModelDescriptor descriptor, byte[] onnx) throws Exception {
        Files.write(dir.resolve(name + ".onnx"), onnx);
        JSON.writeValue(dir.resolve(name + ".json").toFile(), descriptor);
        return dir.resolve(name + ".json");
    }

    private int run(Path json, String name, String sha, Path store) {
        return ImportModelCommand.run(new String[] {json.toString(), dir.resolve(name + ".onnx").toString(), sha, store.toString()});
    }

    @Test
    void labAndRgbModelsAreImportedAndMisfitsRefused() throws Exception {
        Path store = dir.resolve("store");
        // SIGGRAPH17-shaped: extra inputs are allowed for colorization models.
        byte[] siggraph = ColorizationTestModels.labAb(256, 256, 0, 0.5f, 0, 0.5f, true);
        ModelDescriptor lab = ColorizationTestModels.descriptor("siggraph17", ColorizationContract.LAB, 256, siggraph, null);
        assertThat(run(write("siggraph17", lab, siggraph), "siggraph17", "0".repeat(64), store)).as("another sha256").isEqualTo(1);
        assertThat(run(write("siggraph17", lab, siggraph), "siggraph17", lab.sha256(), store)).isZero();
        assertThat(run(write("siggraph17", lab, siggraph), "siggraph17", lab.sha256(), store)).as("the version exists").isEqualTo(1);

        byte[] deoldify = ColorizationTestModels.rgbConstant(0.5f, 0.5f, 0.5f);
        ModelDescriptor rgb = ColorizationTestModels.descriptor("deoldify", ColorizationContract.RGB, 560, deoldify,
                "{\"renderFactor\": 20}");
        assertThat(run(write("deoldify", rgb, deoldify), "deoldify", rgb.sha256(), store)).isZero();

        // A lab model whose model.json says it answers bins, while it regresses ab: the contract check refuses it.
        ModelDescriptor liar = ColorizationTestModels.descriptor("liar", ColorizationContract.LAB, 256, siggraph, "{\"output\": \"ab-bins\"}");
        assertThat(run(write("liar", liar, siggraph), "liar", liar.sha256(), store)).isEqualTo(1);
        // Another task is not the colorizer's.
        ModelDescriptor other = new ModelDescriptor("other", "1", "classification", "classification/imagenet", lab.preprocessing(),
                java.util.List.of("x"), "CC0-1.0", "tests", lab.sha256(), null);
        assertThat(run(write("other", other, siggraph), "other", lab.sha256(), store)).isEqualTo(1);
        assertThat(new ModelStore(store).list()).extracting(m -> m.descriptor().key()).containsExactlyInAnyOrder("siggraph17:1", "deoldify:1");
    }
}
