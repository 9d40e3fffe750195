package org.iiifml.trainer.jobs;

import java.util.List;
import java.util.Map;
import org.iiifml.canvasjobs.images.CanvasImage;
import org.iiifml.canvasjobs.worker.CanvasJobWorker;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.trainer.config.TrainerProperties;
import org.iiifml.trainer.dataset.DatasetImages;
import tools.jackson.databind.JsonNode;

/**
 * A training job over a IIIF source, on the canvas-jobs seam: each canvas is an item that fetches its image
 * through the iiif-fetcher at twice the training size (politely, once: a finished item is never fetched
 * again) and keeps it in the dataset by content hash; the job's last item trains on them
 * ({@link ColorizationJob}), checkpointed, and publishes the model.
 */
public final class TrainingJobWorker implements CanvasJobWorker<TrainingOptions, DatasetImage> {

    private final TrainerProperties properties;
    private final DatasetImages images;
    private final ColorizationJob training;

    public TrainingJobWorker(TrainerProperties properties, DatasetImages images, ColorizationJob training) {
        this.properties = properties;
        this.images = images;
        this.training = training;
    }

    @Override
    public TrainingOptions options(JsonNode options) {
        return TrainingOptions.parse(options, properties);
    }

    @Override
    public ModelDescriptor model(TrainingOptions options) {
        return null; // a training runs no model of the store; the one it makes is its result
    }

    @Override
    public Map<String, Object> settings(TrainingOptions options) {
        return options.asMap();
    }

    @Override
    public int box(TrainingOptions options) {
        return 2 * options.imageSize();
    }

    @Override
    public DatasetImage process(TrainingOptions options, CanvasImage image) {
        String sha256 = images.put(image.image(), options.imageSize());
        return new DatasetImage(sha256, image.servedWidth(), image.servedHeight());
    }

    @Override
    public Class<DatasetImage> resultType() {
        return DatasetImage.class;
    }

    @Override
    public List<Annotation> annotations(DatasetImage result, AnnotationIds ids) {
        return List.of();
    }

    @Override
    public JobStep<TrainingOptions> afterCanvases() {
        return training;
    }
}
