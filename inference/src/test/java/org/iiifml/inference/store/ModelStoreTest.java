package org.iiifml.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model folders written, listed and verified: a model whose bytes do not match its sha256 is never listed. */
class ModelStoreTest {

    @TempDir
    Path root;

    static ModelDescriptor descriptor(String name, String version, byte[] onnx) {
        return new ModelDescriptor(name, version, "classification", "classification/imagenet",
                new Preprocessing(Preprocessing.STRETCH, 4, 4, null, 1.0 / 255, null, null, "RGB", null),
                List.of("red", "green", "blue"), "CC0-1.0", "made by the tests", ModelStore.sha256(onnx), null);
    }

    @Test
    void writtenModelsAreListedAndTamperedOnesLeftOut() throws Exception {
        ModelStore store = new ModelStore(root);
        byte[] onnx = TestModels.channelMeans(4, 1f, new float[3]);
        store.write(descriptor("colours", "1", onnx), onnx);
        store.write(descriptor("colours", "2", onnx), onnx);
        assertThat(store.list()).extracting(m -> m.descriptor().key()).containsExactly("colours:1", "colours:2");

        Files.write(root.resolve("colours/2/model.onnx"), new byte[] {1, 2, 3});
        assertThat(store.list()).extracting(m -> m.descriptor().key()).containsExactly("colours:1");

        // A folder that says it holds another model is not trusted either.
        Files.move(root.resolve("colours/1"), root.resolve("colours/9"));
        assertThat(store.list()).isEmpty();
        Files.createDirectories(root.resolve("empty/1"));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void descriptorsAreChecked() {
        byte[] onnx = {1};
        assertThatThrownBy(() -> descriptor("Bad Name", "1", onnx)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> descriptor("ok", "../1", onnx)).isInstanceOf(IllegalArgumentException.class);
        ModelDescriptor good = descriptor("ok", "1.0", onnx);
        assertThatThrownBy(() -> new ModelStore(root).write(good, new byte[] {2})).isInstanceOf(IllegalArgumentException.class);
    }
}
