package org.iiifml.classifier.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iiifml.canvasjobs.images.CanvasImage;
import org.iiifml.canvasjobs.worker.CanvasJobWorker;
import org.iiifml.canvasjobs.worker.JobOptions;
import org.iiifml.classifier.classify.Classifier;
import org.iiifml.classifier.config.ClassifierProperties;
import org.iiifml.classifier.models.LoadedModel;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.iiif.annotation.Body;
import org.iiifml.iiif.annotation.Target;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Classification jobs: each canvas's image, fetched to fit twice the model's input, classified; a
 * collection job classifies every canvas of each manifest. Options: {@code model} (name or name:version;
 * pinned to name:version when the job is created) and {@code topK}. The manifest's annotations are the
 * best labels whose score reaches {@code suite.classifier.annotation-min-score}.
 */
@Component
class ClassifyJobWorker implements CanvasJobWorker<ClassifyJobWorker.Options, ClassificationResult> {

    private final Classifier classifier;
    private final ClassifierProperties properties;

    ClassifyJobWorker(Classifier classifier, ClassifierProperties properties) {
        this.classifier = classifier;
        this.properties = properties;
    }

    /** A job's options, checked, its model resolved. */
    record Options(LoadedModel model, int topK) {
    }

    @Override
    public Options options(JsonNode options) {
        JsonNode checked = JobOptions.of(options, "classifier", List.of("model", "topK"));
        JsonNode model = checked.get("model");
        JsonNode topK = checked.get("topK");
        if ((model != null && !model.isString()) || (topK != null && !topK.isIntegralNumber())) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "options.model must be a string and options.topK an integer");
        }
        return new Options(classifier.model(model == null ? null : model.asString()), classifier.topK(topK == null ? null : topK.asInt()));
    }

    @Override
    public ModelDescriptor model(Options options) {
        return options.model().descriptor();
    }

    @Override
    public Map<String, Object> settings(Options options) {
        return Map.of("topK", options.topK());
    }

    @Override
    public int box(Options options) {
        return Classifier.box(options.model().descriptor().preprocessing());
    }

    @Override
    public ClassificationResult process(Options options, CanvasImage image) {
        Classifier.Result result = classifier.classifyNow(image.image(), options.model(), options.topK());
        return new ClassificationResult(result.predictions(), image.iiifRequest(), image.servedWidth(), image.servedHeight());
    }

    @Override
    public Class<ClassificationResult> resultType() {
        return ClassificationResult.class;
    }

    /** Only the labels a viewer should show: predictions come best first; the rest stay in the results. */
    @Override
    public List<Annotation> annotations(ClassificationResult result, AnnotationIds ids) {
        List<Annotation> annotations = new ArrayList<>();
        for (Classifier.Prediction prediction : result.predictions()) {
            if (annotations.size() >= properties.annotationMaxLabels() || prediction.score() < properties.annotationMinScore()) {
                break;
            }
            annotations.add(new Annotation(ids.id(annotations.size()), List.of("classifying"),
                    List.of(Body.text(prediction.label(), "en", "classifying", (double) prediction.score())),
                    new Target(ids.canvasId(), null), ids.generator()));
        }
        return annotations;
    }
}
