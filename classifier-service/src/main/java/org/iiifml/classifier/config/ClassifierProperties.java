package org.iiifml.classifier.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The classifier's own settings.
 *
 * @param modelDirectory the model store: a folder per model version, {@code <name>/<version>/} with
 *     model.onnx and model.json (default empty: .iiif-ml-suite/models under the user's home)
 * @param defaultModel the model used when a request names none, as name or name:version (default page-type,
 *     the built-in model)
 * @param topK labels answered when a request does not say (default 5)
 * @param maxTopK most labels a request may ask for (default 100)
 * @param maxUploadBytes largest uploaded image (default 32MB)
 * @param adminImports allow POST /api/classifier/models to import models from URLs; there is no
 *     authentication in front of it yet, so turn it on only where the API is not public (default false)
 * @param maxModelBytes largest model file imported (default 512MB)
 * @param annotationMinScore lowest score a label needs to be written as an annotation in a job's annotated
 *     manifest, 0 to 1 (default 0.25); the job's results keep every prediction
 * @param annotationMaxLabels most labels written as annotations per canvas, best first (default 1)
 */
@ConfigurationProperties("suite.classifier")
public record ClassifierProperties(
        @DefaultValue("") String modelDirectory,
        @DefaultValue("page-type") String defaultModel,
        @DefaultValue("5") int topK,
        @DefaultValue("100") int maxTopK,
        @DefaultValue("32MB") DataSize maxUploadBytes,
        @DefaultValue("false") boolean adminImports,
        @DefaultValue("512MB") DataSize maxModelBytes,
        @DefaultValue("0.25") double annotationMinScore,
        @DefaultValue("1") int annotationMaxLabels) {

    public ClassifierProperties {
        if (!(annotationMinScore >= 0 && annotationMinScore <= 1)) {
            throw new IllegalArgumentException("suite.classifier.annotation-min-score is a score from 0 to 1, not " + annotationMinScore);
        }
        if (annotationMaxLabels < 1) {
            throw new IllegalArgumentException("suite.classifier.annotation-max-labels is at least 1, not " + annotationMaxLabels);
        }
    }
}
