package org.iiifml.classifier.classify;

import org.iiifml.classifier.api.ClassifyApi;
import org.iiifml.classifier.api.model.Classification;
import org.iiifml.classifier.api.model.ImageReference;
import org.iiifml.classifier.api.model.ModelRef;
import org.iiifml.classifier.api.model.Prediction;
import org.iiifml.classifier.config.ClassifierProperties;
import org.iiifml.canvasjobs.fetcher.IiifImageSource;
import org.iiifml.support.upload.Uploads;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Classification of an uploaded image. */
@RestController
class ClassifyController implements ClassifyApi {

    private final Classifier classifier;
    private final ClassifierProperties properties;
    private final IiifImageSource sources;
    ClassifyController(Classifier classifier, ClassifierProperties properties, IiifImageSource sources) {
        this.classifier = classifier;
        this.properties = properties;
        this.sources = sources;
    }

    @Override
    public Mono<ResponseEntity<Classification>> classifyReference(Mono<ImageReference> reference, String model, Integer topK,
            ServerWebExchange exchange) {
        return reference.flatMap(ref -> {
            var loaded = classifier.model(model);
            int k = classifier.topK(topK);
            return sources.fetch(ref.getImageServiceUrl(), ref.getManifestUrl(), ref.getCanvasId(),
                            Classifier.box(loaded.descriptor().preprocessing()))
                    .flatMap(image -> classifier.classify(image.bytes(), loaded, k)
                            .map(result -> ResponseEntity.ok(body(result).iiifRequest(image.iiifRequest()))));
        });
    }

    private static Classification body(Classifier.Result result) {
        return new Classification(new ModelRef(result.model().descriptor().name(), result.model().descriptor().version(),
                result.model().descriptor().sha256()),
                result.predictions().stream().map(p -> new Prediction(p.label(), p.score())).toList());
    }

    @Override
    public Mono<ResponseEntity<Classification>> classifyUpload(Part image, String model, Integer topK, ServerWebExchange exchange) {
        return Uploads.read(image, properties.maxUploadBytes(), "suite.classifier.max-upload-bytes")
                .flatMap(bytes -> classifier.classify(bytes, model, topK))
                .map(result -> ResponseEntity.ok(body(result)));
    }
}
