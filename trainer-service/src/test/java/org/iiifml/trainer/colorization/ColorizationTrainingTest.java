package org.iiifml.trainer.colorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.iiifml.inference.color.ColourDifference;
import org.iiifml.inference.color.Lab;
import org.iiifml.trainer.training.Checkpoints;
import org.iiifml.trainer.training.TrainingCancelled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training on DJL's PyTorch engine (CPU, offline), on small pictures whose colours can be learnt. */
class ColorizationTrainingTest {

    private static final int SIZE = 32;
    private static final List<int[]> TRAIN = TestPictures.colour(64, SIZE, 1);
    private static final List<int[]> VALIDATION = TestPictures.colour(16, SIZE, 2);

    private static ColorizationTraining.Settings settings(int epochs, int checkpointSteps) {
        return new ColorizationTraining.Settings(SIZE, 8, epochs, 8, 3e-3f, 42, 0, checkpointSteps);
    }

    @Test
    void itLearnsColoursBetterThanGreyAndItsOnnxExportAnswersAsDjlDoes(@TempDir Path work) {
        try (ColorizationTraining training = new ColorizationTraining(settings(8, 0))) {
            List<ColorizationTraining.Epoch> seen = new ArrayList<>();
            AtomicInteger previews = new AtomicInteger();
            var result = training.train(TRAIN, VALIDATION, new Checkpoints(work), new ColorizationTraining.Listener() {
                @Override
                public void epoch(ColorizationTraining.Epoch epoch, List<ColorizationTraining.Epoch> history, List<int[]> grey,
                        List<int[]> predicted, List<int[]> truth) {
                    seen.add(epoch);
                    previews.set(predicted.size());
                }
            }, () -> false);

            assertThat(result.history()).hasSize(8).isEqualTo(seen);
            assertThat(previews.get()).isEqualTo(6);
            assertThat(result.history().get(7).trainLoss()).isLessThan(result.history().get(0).trainLoss() * 0.8);
            double grey = 0;
            for (int[] picture : VALIDATION) {
                grey += ColourDifference.meanCiede2000(picture, grey(picture), 1);
            }
            grey /= VALIDATION.size();
            var best = result.history().get(result.bestEpoch() - 1);
            assertThat(best.deltaE()).as("CIEDE2000 against the grey picture's %.2f", grey).isLessThan(grey * 0.8);
            assertThat(best.colourfulness()).isGreaterThan(5);
            assertThat(Files.exists(work.resolve("checkpoint.json"))).isTrue();

            byte[] onnx = ColorNetOnnx.export(training.net(), SIZE, "test-colorizer");
            float[] l = new float[4 * SIZE * SIZE];
            float[] ab = new float[8 * SIZE * SIZE];
            for (int k = 0; k < 4; k++) {
                ColorizationTraining.fill(VALIDATION.get(k), false, SIZE, l, ab, k);
            }
            double parity = ColorNetOnnx.parity(onnx, l, 4, SIZE, training.predict(l, 4));
            assertThat(parity).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void aTrainingStoppedMidwayResumesFromItsCheckpointAndEndsAsAnUninterruptedOne(@TempDir Path work) {
        List<ColorizationTraining.Epoch> uninterrupted;
        float[] expected;
        float[] probe = new float[SIZE * SIZE];
        ColorizationTraining.fill(VALIDATION.get(0), false, SIZE, probe, new float[2 * SIZE * SIZE], 0);
        try (ColorizationTraining training = new ColorizationTraining(settings(3, 3))) {
            uninterrupted = training.train(TRAIN, VALIDATION, new Checkpoints(work.resolve("a")), new ColorizationTraining.Listener() {
            }, () -> false).history();
            expected = training.predict(probe, 1);
        }
        Checkpoints checkpoints = new Checkpoints(work.resolve("b"));
        AtomicInteger steps = new AtomicInteger();
        try (ColorizationTraining training = new ColorizationTraining(settings(3, 3))) {
            // Cancelled at the 13th step of 24: the last checkpoint is after step 12 (epoch 2, step 4 of 8).
            assertThatThrownBy(() -> training.train(TRAIN, VALIDATION, checkpoints, new ColorizationTraining.Listener() {
            }, () -> steps.incrementAndGet() > 13)).isInstanceOf(TrainingCancelled.class);
        }
        try (ColorizationTraining training = new ColorizationTraining(settings(3, 3))) {
            var resumed = training.train(TRAIN, VALIDATION, checkpoints, new ColorizationTraining.Listener() {
            }, () -> false);
            assertThat(resumed.resumed()).isTrue();
            assertThat(resumed.history()).hasSize(3);
            for (int e = 0; e < 3; e++) {
                assertThat(resumed.history().get(e).validationLoss()).isCloseTo(uninterrupted.get(e).validationLoss(),
                        org.assertj.core.api.Assertions.within(1e-4));
            }
            float[] actual = training.predict(probe, 1);
            double max = 0;
            for (int i = 0; i < actual.length; i++) {
                max = Math.max(max, Math.abs(actual[i] - expected[i]));
            }
            assertThat(max).isLessThan(1e-4);
        }
    }

    private static int[] grey(int[] picture) {
        int[] grey = new int[picture.length];
        for (int i = 0; i < picture.length; i++) {
            grey[i] = Lab.rgb(Lab.lightness(picture[i]), 0, 0);
        }
        return grey;
    }
}
