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
 */
@ConfigurationProperties("suite.classifier")
public record ClassifierProperties(
        @DefaultValue("") String modelDirectory,
        @DefaultValue("page-type") String defaultModel,
        @DefaultValue("5") int topK,
        @DefaultValue("100") int maxTopK,
        @DefaultValue("32MB") DataSize maxUploadBytes,
        @DefaultValue("false") boolean adminImports,
        @DefaultValue("512MB") DataSize maxModelBytes) {
}
