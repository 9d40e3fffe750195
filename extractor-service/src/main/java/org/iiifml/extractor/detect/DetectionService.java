package org.iiifml.extractor.detect;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.iiifml.extractor.config.ExtractorProperties;
import org.iiifml.inference.detection.Detection;
import org.iiifml.canvasjobs.images.InferenceProblems;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.runtime.Admission;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Decodes an image and runs a detector on it, at most {@code concurrent-detections} at a time. Pages differ
 * in size, so detections are not batched; instead at most {@code suite.inference.queue-capacity} uploads
 * wait, and one past that is refused at once with 429 (inference's {@link Admission}), so overload shows as
 * fast refusals, not growing latency; job items wait their turn. Meter {@code extractor.detect.latency}
 * (the detection, once admitted), tagged by model.
 */
public final class DetectionService {

    /** What a detection answered: the detector, the size of the image the boxes are in, the boxes. */
    public record Result(ModelRegistry.Loaded<Detector> detector, int width, int height, List<Detection> boxes) {
    }

    private final ModelRegistry<Detector> registry;
    private final ImageDecoder decoder;
    private final ExtractorProperties properties;
    private final Admission admission;
    private final MeterRegistry meters;
    private final Map<String, Timer> latency = new java.util.concurrent.ConcurrentHashMap<>();

    public DetectionService(ModelRegistry<Detector> registry, ImageDecoder decoder, ExtractorProperties properties, int queueCapacity,
            MeterRegistry meters) {
        this.registry = registry;
        this.decoder = decoder;
        this.properties = properties;
        this.admission = new Admission("extractor", properties.concurrentDetections(), queueCapacity, meters);
        this.meters = meters;
    }

    public ModelRegistry<Detector> registry() {
        return registry;
    }

    /** The thresholds a request asks for, checked, or the configured ones. */
    public float confidence(Float requested) {
        return unit(requested, properties.confidence(), "confidence");
    }

    public float iouThreshold(Float requested) {
        return unit(requested, properties.iouThreshold(), "iouThreshold");
    }

    private static float unit(Float requested, float fallback, String name) {
        if (requested == null) {
            return fallback;
        }
        if (requested.isNaN() || requested < 0 || requested > 1) {
            throw new ProblemException(ProblemType.BAD_REQUEST, name + " must lie between 0 and 1");
        }
        return requested;
    }

    /** Detects in encoded image bytes (an upload), off the event loop; refused with 429 when too many wait. */
    public Mono<Result> detect(byte[] image, String modelRef, Float confidence, Float iouThreshold) {
        ModelRegistry.Loaded<Detector> detector = registry.resolve(modelRef);
        float c = confidence(confidence);
        float iou = iouThreshold(iouThreshold);
        return Mono.fromCallable(() -> {
            try (Admission.Permit permit = InferenceProblems.enter(admission)) {
                return run(detector, decode(image, detector), c, iou);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Blocking, for job workers (a canvas's image, served at the detector's size), whose number
     * ({@code suite.jobs.concurrency}) already bounds them: they wait their turn instead of being refused.
     */
    public Result detectNow(BufferedImage image, ModelRegistry.Loaded<Detector> detector, float confidence, float iouThreshold) {
        try (Admission.Permit permit = admission.await()) {
            return run(detector, new ImageDecoder.Decoded(image, image.getWidth(), image.getHeight()), confidence, iouThreshold);
        }
    }

    private Result run(ModelRegistry.Loaded<Detector> detector, ImageDecoder.Decoded decoded, float confidence, float iouThreshold) {
        long start = System.nanoTime();
        try {
            BufferedImage image = decoded.image();
            List<Detection> boxes = detector.model().detect(image, confidence, iouThreshold);
            if (image.getWidth() != decoded.width() || image.getHeight() != decoded.height()) {
                // Decoded at reduced resolution: boxes back to the pixels of the image as given.
                double sx = (double) decoded.width() / image.getWidth();
                double sy = (double) decoded.height() / image.getHeight();
                boxes = boxes.stream().map(b -> b.scaled(sx, sy)).toList();
            }
            return new Result(detector, decoded.width(), decoded.height(), boxes);
        } finally {
            latency.computeIfAbsent(detector.descriptor().key(), model -> Timer.builder("extractor.detect.latency")
                    .tag("model", model).publishPercentileHistogram().register(meters))
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Decoded with at least twice the detector's working size on the long side: never more than it can use. */
    private ImageDecoder.Decoded decode(byte[] image, ModelRegistry.Loaded<Detector> detector) {
        return InferenceProblems.decode(decoder, image, 2 * detector.model().fetchBox());
    }
}
