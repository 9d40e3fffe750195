package org.iiifml.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.iiifml.inference.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models written by the suite's ONNX writer, run by ONNX Runtime, alone and in micro-batches. */
class RuntimeTest {

    @TempDir
    Path dir;

    OnnxModel channelMeans() throws Exception {
        Path file = dir.resolve("means.onnx");
        Files.write(file, TestModels.channelMeans(4, 2f, new float[] {0.5f, 0f, -0.5f}));
        return OnnxModel.load(file, RuntimeOptions.cpu(1));
    }

    static float[] image(float r, float g, float b) {
        float[] t = new float[3 * 16];
        java.util.Arrays.fill(t, 0, 16, r);
        java.util.Arrays.fill(t, 16, 32, g);
        java.util.Arrays.fill(t, 32, 48, b);
        return t;
    }

    @Test
    void aWrittenModelRunsWithTheValuesWorkedOutByHand() throws Exception {
        try (OnnxModel model = channelMeans()) {
            assertThat(model.batchable()).isTrue();
            assertThat(model.inputShape()).containsExactly(-1, 3, 4, 4);
            float[] two = new float[96];
            System.arraycopy(image(1, 0, 0), 0, two, 0, 48);
            System.arraycopy(image(0.25f, 0.5f, 0.75f), 0, two, 48, 48);
            List<OnnxModel.Output> out = model.run(two, 2, new long[] {3, 4, 4});
            // logits = 2 × channel mean + bias (0.5, 0, −0.5)
            assertThat(out.get(0).values()).containsExactly(new float[] {2.5f, 0f, -0.5f}, within(1e-6f));
            assertThat(out.get(1).values()).containsExactly(new float[] {1.0f, 1.0f, 1.0f}, within(1e-6f));
            assertThat(out.get(1).shape()).containsExactly(3);
            assertThat(model.executionProvider()).isEqualTo("cpu");
        }
    }

    @Test
    void askingForCudaWithoutAGpuRunsOnTheCpu() throws Exception {
        Path file = dir.resolve("means.onnx");
        Files.write(file, TestModels.channelMeans(4, 1f, new float[3]));
        try (OnnxModel model = OnnxModel.load(file, new RuntimeOptions(1, false, "cuda", 0))) {
            assertThat(model.executionProvider()).isEqualTo("cpu");
            assertThat(model.run(image(1, 2, 3), 1, new long[] {3, 4, 4}).get(0).values()[2]).isEqualTo(3f);
        }
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnAnswer() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (OnnxModel model = channelMeans();
                MicroBatcher batcher = new MicroBatcher("means:1", model, new long[] {3, 4, 4}, 8, Duration.ofMillis(100), 64, meters)) {
            List<CompletableFuture<OnnxModel.Output>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(batcher.submit(image(i, 0, 0)));
            }
            for (int i = 0; i < 16; i++) {
                assertThat(results.get(i).get().values()[0]).as("image %d", i).isCloseTo(2f * i + 0.5f, within(1e-5f));
            }
            var sizes = meters.get("inference.batch.size").summary();
            assertThat(sizes.max()).as("largest batch").isGreaterThan(1).isLessThanOrEqualTo(8);
            assertThat(sizes.totalAmount()).isEqualTo(16);
            assertThat(meters.get("inference.latency").timer().count()).isEqualTo(16);
        }
    }

    @Test
    void resnet18ArchitectureRunsAndAFullQueueRefusesAtOnce() throws Exception {
        Path file = dir.resolve("resnet18.onnx");
        Files.write(file, TestModels.resnet18(1000, 18));
        try (OnnxModel model = OnnxModel.load(file, RuntimeOptions.cpu(2));
                MicroBatcher batcher = new MicroBatcher("resnet18:test", model, new long[] {3, 224, 224}, 1, Duration.ZERO, 2,
                        new SimpleMeterRegistry())) {
            assertThat(model.inputShape()).containsExactly(-1, 3, 224, 224);
            float[] input = new float[3 * 224 * 224];
            OnnxModel.Output alone = model.run(input, 1, new long[] {3, 224, 224}).get(0);
            assertThat(alone.shape()).containsExactly(1000);
            // One request runs (tens of milliseconds for ResNet18 here), two wait: the next ones are refused at once.
            List<CompletableFuture<OnnxModel.Output>> accepted = new ArrayList<>();
            List<Admission.Busy> refused = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                try {
                    accepted.add(batcher.submit(input));
                } catch (Admission.Busy e) {
                    refused.add(e);
                }
            }
            assertThat(refused).isNotEmpty();
            assertThat(accepted.size()).isBetween(2, 4);
            assertThat(refused.get(0).retryAfterSeconds()).isPositive();
            for (var result : accepted) {
                assertThat(result.get().values()).containsExactly(alone.values(), within(1e-4f));
            }
            assertThatThrownBy(() -> batcher.submit(new float[3])).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
