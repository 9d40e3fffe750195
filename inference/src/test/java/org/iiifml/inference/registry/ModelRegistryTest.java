package org.iiifml.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over a real model store on disk; the loaded form is a stand-in, the loading rules are real. */
class ModelRegistryTest {

    /** What the loader makes of a stored model; records whether it was closed. */
    static final class Fake implements AutoCloseable {
        final String key;
        volatile boolean closed;

        Fake(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final AtomicInteger loads = new AtomicInteger();
    final ModelRegistry.Loader<Fake> loader = new ModelRegistry.Loader<>() {
        @Override
        public String refusal(ModelDescriptor d) {
            return d.task().equals("classification") ? null : "the test serves classification, not " + d.task();
        }

        @Override
        public Fake load(ModelStore.StoredModel stored) {
            loads.incrementAndGet();
            if (stored.descriptor().name().startsWith("broken")) {
                throw new IllegalStateException("fails its contract check");
            }
            return new Fake(stored.descriptor().key());
        }
    };

    @TempDir
    Path root;
    ModelRegistry<Fake> registry;

    static ModelDescriptor descriptor(String name, String version, String task, byte[] onnx) {
        return new ModelDescriptor(name, version, task, task + "/test", Preprocessing.imagenet(), List.of("a", "b"), "CC0-1.0", "test",
                ModelStore.sha256(onnx), null);
    }

    void publish(String name, String version, String task) {
        byte[] onnx = (name + version).getBytes(StandardCharsets.UTF_8);
        new ModelStore(root).write(descriptor(name, version, task, onnx), onnx);
    }

    ModelRegistry<Fake> open(String defaultRef) {
        registry = new ModelRegistry<>("/api/test/models", IllegalArgumentException::new, new ModelStore(root), loader, List.of(), defaultRef);
        return registry;
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aVersionThatAppearsInTheStoreIsServedAfterAReloadAndNewestByName() {
        publish("pages", "1", "classification");
        open("");
        assertThat(registry.list()).extracting(m -> m.descriptor().key()).containsExactly("pages:1");
        assertThatThrownBy(() -> registry.resolve("pages:2")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/api/test/models");

        publish("pages", "2", "classification");
        assertThat(registry.reload()).containsExactly("pages:2");
        assertThat(registry.resolve("pages:2").model().key).isEqualTo("pages:2");
        assertThat(registry.resolve("pages").descriptor().version()).isEqualTo("2");
        assertThat(registry.defaultModel().descriptor().key()).as("the default is fixed at start").isEqualTo("pages:1");
        assertThat(registry.reload()).as("nothing new").isEmpty();
        assertThat(loads).hasValue(2);
    }

    @Test
    void theStoreIsLookedAtAgainOnItsOwn() throws Exception {
        open("");
        registry.reloadEvery(Duration.ofMillis(50));
        publish("pages", "7", "classification");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (registry.list().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(registry.list()).extracting(m -> m.descriptor().key()).containsExactly("pages:7");
    }

    @Test
    void otherTasksAndFailedChecksAreLeftOutAndAFailedVersionIsNotTriedAgain() {
        publish("boxes", "1", "detection");
        publish("broken", "1", "classification");
        publish("pages", "1", "classification");
        open("pages");
        assertThat(registry.list()).extracting(m -> m.descriptor().key()).containsExactly("pages:1");
        int before = loads.get();
        registry.reload();
        registry.reload();
        assertThat(loads.get()).as("the broken version is not loaded again").isEqualTo(before);
    }

    @Test
    void aDefaultThatIsNotLoadedStopsTheStart() {
        assertThatThrownBy(() -> open("missing")).isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }

    @Test
    void closingClosesEveryModel() {
        publish("pages", "1", "classification");
        Fake model = open("").resolve(null).model();
        registry.close();
        assertThat(model.closed).isTrue();
        registry = null;
    }
}
