package org.iiifml.trainer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.iiifml.trainer.colorization.ColorizationTraining;
import org.iiifml.trainer.colorization.TestPictures;
import org.iiifml.trainer.colorization.ColorNetOnnx;
import org.iiifml.trainer.training.Checkpoints;
import org.iiifml.trainer.training.TrainingCancelled;
import org.junit.jupiter.api.Test;

/**
 * ./bench.sh trainer: the default colouriser (width 16) trained on this machine's CPU (or GPU) at the default
 * image size (128) and batch (16), on 128 drawn colour pictures: steps per second and seconds per epoch
 * (validation included), the ONNX export's parity with DJL, and the time a resumed training takes from its
 * start to its first step (engine, network, checkpoint read). Prints RESULT lines; asserts no time.
 */
class TrainerBench {

    private static final int SIZE = Integer.getInteger("bench.size", 128);
    private static final int WIDTH = Integer.getInteger("bench.width", 16);
    private static final int EPOCHS = 3;

    @Test
    void trainer() throws Exception {
        List<int[]> train = TestPictures.colour(128, SIZE, 1);
        List<int[]> validation = TestPictures.colour(32, SIZE, 2);
        Path work = Files.createTempDirectory("trainer-bench");
        var settings = new ColorizationTraining.Settings(SIZE, WIDTH, EPOCHS, 16, 1e-3f, 42, 0, 4);
        AtomicLong firstStep = new AtomicLong();
        long start = System.nanoTime();
        ColorizationTraining.Result result;
        double parity;
        try (ColorizationTraining training = new ColorizationTraining(settings)) {
            result = training.train(train, validation, new Checkpoints(work.resolve("full")), new ColorizationTraining.Listener() {
                @Override
                public void progress(ColorizationTraining.Progress progress) {
                    firstStep.compareAndSet(0, System.nanoTime());
                }
            }, () -> false);
            float[] l = new float[4 * SIZE * SIZE];
            float[] ab = new float[4 * 2 * SIZE * SIZE];
            for (int k = 0; k < 4; k++) {
                ColorizationTraining.fill(validation.get(k), false, SIZE, l, ab, k);
            }
            parity = ColorNetOnnx.parity(ColorNetOnnx.export(training.net(), SIZE, "bench"), l, 4, SIZE, training.predict(l, 4));
            result("trainer.device", training.device().isGpu() ? 1 : 0, "gpu");
        }
        double total = (System.nanoTime() - firstStep.get()) / 1e9;
        // Epochs after the first (the first warms the engine up): steps and seconds.
        double laterSeconds = result.history().subList(1, EPOCHS).stream().mapToDouble(ColorizationTraining.Epoch::seconds).sum();
        long stepsPerEpoch = (train.size() + 15) / 16;
        result("trainer.colorization.steps_per_second", stepsPerEpoch * (EPOCHS - 1) / laterSeconds, "steps/s");
        result("trainer.colorization.seconds_per_epoch", laterSeconds / (EPOCHS - 1), "s");
        result("trainer.colorization.first_epoch_seconds", result.history().get(0).seconds(), "s");
        result("trainer.colorization.total_seconds", total, "s");
        result("trainer.export_parity_max_abs_diff", parity, "abs");
        result("trainer.validation_delta_e_last_epoch", result.history().get(EPOCHS - 1).deltaE(), "CIEDE2000");

        // Resume: a training cancelled after 6 steps, then a new one from its checkpoint (after step 4).
        Path resumed = work.resolve("resumed");
        AtomicInteger steps = new AtomicInteger();
        try (ColorizationTraining training = new ColorizationTraining(settings)) {
            try {
                training.train(train, validation, new Checkpoints(resumed), new ColorizationTraining.Listener() {
                }, () -> steps.incrementAndGet() > 6);
            } catch (TrainingCancelled expected) {
                // as asked
            }
        }
        long restart = System.nanoTime();
        AtomicLong resumedStep = new AtomicLong();
        try (ColorizationTraining training = new ColorizationTraining(settings)) {
            try {
                training.train(train, validation, new Checkpoints(resumed), new ColorizationTraining.Listener() {
                    @Override
                    public void progress(ColorizationTraining.Progress progress) {
                        resumedStep.compareAndSet(0, System.nanoTime());
                    }
                }, () -> resumedStep.get() != 0);
            } catch (TrainingCancelled expected) {
                // stopped after its first step: only the time to get there is measured
            }
        }
        result("trainer.resume_to_first_step_seconds", (resumedStep.get() - restart) / 1e9, "s");
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.6g %s", name, value, unit));
    }
}
