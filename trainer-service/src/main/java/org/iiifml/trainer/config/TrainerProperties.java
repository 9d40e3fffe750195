package org.iiifml.trainer.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The trainer's settings.
 *
 * @param modelDirectory the model store the trained models are published to, the one the colorizer and
 *     classifier read (default ~/.iiif-ml-suite/models; the local run uses its run folder)
 * @param workDirectory datasets (images cached by content hash), checkpoints and training reports (default
 *     ~/.iiif-ml-suite/trainer; the local run uses its run folder, Kubernetes a volume)
 * @param maxImageSize largest {@code imageSize} a job may ask for (default 512)
 * @param maxEpochs largest {@code epochs} a job may ask for (default 500)
 * @param minImages fewest images a dataset must reach for training to start (default 4)
 * @param concurrentTrainings trainings run at once in this process; the others wait their turn (default 1)
 * @param checkpointSteps steps between checkpoints within an epoch, besides the one at each epoch's end
 *     (default 50)
 * @param maxDatasetPixels the most pixels a training's images may hold together (count × imageSize²): they are
 *     held in memory while it trains, 4 bytes a pixel; past it the training fails before it starts (default
 *     100000000, 400 MB: 6,000 images at 128 px)
 */
@ConfigurationProperties("suite.trainer")
public record TrainerProperties(
        @DefaultValue("") String modelDirectory,
        @DefaultValue("") String workDirectory,
        @DefaultValue("512") int maxImageSize,
        @DefaultValue("500") int maxEpochs,
        @DefaultValue("4") int minImages,
        @DefaultValue("1") int concurrentTrainings,
        @DefaultValue("50") int checkpointSteps,
        @DefaultValue("100000000") long maxDatasetPixels) {

    public TrainerProperties {
        if (maxImageSize < 16 || maxEpochs < 1 || minImages < 2 || concurrentTrainings < 1 || checkpointSteps < 0 || maxDatasetPixels < 1) {
            throw new IllegalArgumentException("suite.trainer: max-image-size at least 16, max-epochs at least 1, min-images at least 2, "
                    + "concurrent-trainings at least 1, checkpoint-steps not negative, max-dataset-pixels positive");
        }
    }
}
