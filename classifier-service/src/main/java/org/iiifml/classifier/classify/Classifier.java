package org.iiifml.classifier.classify;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.iiifml.canvasjobs.images.InferenceProblems;
import org.iiifml.classifier.config.ClassifierProperties;
import org.iiifml.classifier.models.LoadedModel;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.runtime.Admission;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Classifies an image with a model of the classification contract: decode, preprocess as the model's
 * model.json says, run through the model's batcher, softmax over the logits, best k labels. Decoding and
 * preprocessing run off the event loop.
 */
public final class Classifier {

    /** One label and its softmax score. */
    public record Prediction(String label, float score) {
    }

    /** The predictions and the model that made them. */
    public record Result(LoadedModel model, List<Prediction> predictions) {
    }

    private final ModelRegistry<LoadedModel> models;
    private final ImageDecoder decoder;
    private final ClassifierProperties properties;
    private final Admission admission;

    public Classifier(ModelRegistry<LoadedModel> models, ImageDecoder decoder, ClassifierProperties properties, Admission admission) {
        this.models = models;
        this.decoder = decoder;
        this.properties = properties;
        this.admission = admission;
    }

    /** The model a request names (name, name:version, or null for the default); 404 when it is not loaded. */
    public LoadedModel model(String ref) {
        return models.resolve(ref).model();
    }

    /** Checks a requested k against the limits; null means the configured default. */
    public int topK(Integer requested) {
        int k = requested == null ? properties.topK() : requested;
        if (k < 1 || k > properties.maxTopK()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "topK must be between 1 and " + properties.maxTopK()
                    + " (suite.classifier.max-top-k)");
        }
        return k;
    }

    /** Classifies encoded image bytes (an upload), the model and k as the request names them. */
    public Mono<Result> classify(byte[] image, String modelRef, Integer topK) {
        return classify(image, model(modelRef), topK(topK));
    }

    /**
     * Classifies encoded image bytes with a model already resolved and a k already checked. Admitted first
     * (429 when every turn is taken), so that no more images are decoded at once than the batchers take.
     */
    public Mono<Result> classify(byte[] image, LoadedModel model, int k) {
        return Mono.fromCallable(() -> {
                    Admission.Permit permit = InferenceProblems.enter(admission);
                    try {
                        Preprocessing preprocessing = model.descriptor().preprocessing();
                        return new Admitted(permit, preprocessing.apply(InferenceProblems.decode(decoder, image, preprocessing).image()));
                    } catch (RuntimeException e) {
                        permit.close();
                        throw e;
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(admitted -> run(model, admitted.input(), k).doFinally(signal -> admitted.permit().close()));
    }

    private record Admitted(Admission.Permit permit, float[] input) {
    }

    /** Classifies decoded pixels (a job's canvas), blocking: the item waits its turn instead of being refused. */
    public Result classifyNow(BufferedImage image, LoadedModel model, int k) {
        try (Admission.Permit permit = admission.await()) {
            return run(model, model.descriptor().preprocessing().apply(image), k).block();
        }
    }


    private Mono<Result> run(LoadedModel model, float[] input, int k) {
        try {
            return Mono.fromFuture(model.batcher().submit(input))
                    .map(output -> new Result(model, top(softmax(output.values()), model.descriptor().labels(), k)));
        } catch (Admission.Busy e) {
            return Mono.error(InferenceProblems.of(e));
        }
    }

    /** The box a page is asked to fit in: twice the model's input, so that resizing down keeps detail. */
    public static int box(Preprocessing p) {
        int side = p.resize().equals(Preprocessing.SHORT_SIDE_CROP) ? p.resizeShortSide()
                : Math.max(p.width(), p.height());
        return side * 2;
    }

    public static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    static List<Prediction> top(float[] scores, List<String> labels, int k) {
        List<Prediction> all = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            all.add(new Prediction(labels.get(i), scores[i]));
        }
        all.sort(Comparator.comparing(Prediction::score).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
