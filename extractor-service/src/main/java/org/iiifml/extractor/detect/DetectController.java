package org.iiifml.extractor.detect;

import org.iiifml.extractor.api.DetectApi;
import org.iiifml.extractor.api.model.Box;
import org.iiifml.extractor.api.model.Detections;
import org.iiifml.extractor.api.model.ModelRef;
import org.iiifml.extractor.config.ExtractorProperties;
import org.iiifml.support.upload.Uploads;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Illustration detection on an uploaded image. */
@RestController
class DetectController implements DetectApi {

    private final DetectionService detection;
    private final ExtractorProperties properties;

    DetectController(DetectionService detection, ExtractorProperties properties) {
        this.detection = detection;
        this.properties = properties;
    }

    @Override
    public Mono<ResponseEntity<Detections>> detectUpload(Part image, String model, Float confidence, Float iouThreshold,
            ServerWebExchange exchange) {
        return Uploads.read(image, properties.maxUploadBytes(), "suite.extractor.max-upload-bytes")
                .flatMap(bytes -> detection.detect(bytes, model, confidence, iouThreshold))
                .map(result -> ResponseEntity.ok(body(result)));
    }

    private static Detections body(DetectionService.Result result) {
        var d = result.detector().descriptor();
        return new Detections(new ModelRef(d.name(), d.version(), d.sha256()), result.width(), result.height(),
                result.boxes().stream().map(b -> {
                    int x = (int) Math.round(b.x());
                    int y = (int) Math.round(b.y());
                    return new Box(x, y, (int) Math.round(b.x() + b.width()) - x, (int) Math.round(b.y() + b.height()) - y, b.score(), b.label());
                }).toList());
    }
}
