package org.iiifml.extractor.detect;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.iiifml.extractor.config.ExtractorProperties;
import org.iiifml.inference.detection.Detection;
import org.iiifml.canvasjobs.images.ImageProblems;
import org.iiifml.inference.image.ImageDecodeException;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Decodes an image and runs a detector on it, at most {@code concurrent-detections} at a time. Pages differ
 * in size, so detections are not batched; instead at most {@code suite.inference.queue-capacity} wait, and a
 * request past that is refused at once with 429, so overload shows as fast refusals, not growing latency.
 * Meter {@code extractor.detect.latency} (wait and run), tagged by model.
 */
public final class DetectionService {

    /** What a detection answered: the detector, the size of the image the boxes are in, the boxes. */
    public record Result(LoadedDetector detector, int width, int height, List<Detection> boxes) {
    }

    private final DetectorRegistry registry;
    private final ImageDecoder decoder;
    private final ExtractorProperties properties;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int capacity;
    private final MeterRegistry meters;
    private final Map<String, Timer> latency = new java.util.concurrent.ConcurrentHashMap<>();

    public DetectionService(DetectorRegistry registry, ImageDecoder decoder, ExtractorProperties properties, int queueCapacity,
            MeterRegistry meters) {
        this.registry = registry;
        this.decoder = decoder;
        this.properties = properties;
        this.running = new Semaphore(properties.concurrentDetections(), true);
        this.capacity = queueCapacity;
        this.meters = meters;
        meters.gauge("extractor.detect.waiting", waiting);
    }

    public DetectorRegistry registry() {
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

    /** Detects in encoded image bytes (an upload, or a page the fetcher brought), off the event loop. */
    public Mono<Result> detect(byte[] image, String modelRef, Float confidence, Float iouThreshold) {
        LoadedDetector detector = registry.resolve(modelRef);
        float c = confidence(confidence);
        float iou = iouThreshold(iouThreshold);
        return Mono.fromCallable(() -> run(detector, decode(image, detector), c, iou)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Blocking: decodes and detects on the caller's thread. For job workers, whose number
     * ({@code suite.jobs.concurrency}) already bounds them: they wait their turn instead of being refused.
     */
    public Result detectNow(byte[] image, LoadedDetector detector, float confidence, float iouThreshold) {
        return run(detector, decode(image, detector), confidence, iouThreshold, false);
    }

    /** The same for pixels already decoded (a canvas's image, served at the detector's size). */
    public Result detectNow(BufferedImage image, LoadedDetector detector, float confidence, float iouThreshold) {
        return run(detector, new ImageDecoder.Decoded(image, image.getWidth(), image.getHeight()), confidence, iouThreshold, false);
    }

    private Result run(LoadedDetector detector, ImageDecoder.Decoded image, float confidence, float iouThreshold) {
        return run(detector, image, confidence, iouThreshold, true);
    }

    private Result run(LoadedDetector detector, ImageDecoder.Decoded decoded, float confidence, float iouThreshold,
            boolean refuseWhenFull) {
        if (waiting.incrementAndGet() > capacity && refuseWhenFull) {
            waiting.decrementAndGet();
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "the extractor has " + capacity
                    + " detections waiting; try again shortly", Map.of("retryAfterSeconds", 2L), null);
        }
        long start = System.nanoTime();
        try {
            running.acquireUninterruptibly();
        } finally {
            waiting.decrementAndGet();
        }
        try {
            BufferedImage image = decoded.image();
            List<Detection> boxes = detector.detector().detect(image, confidence, iouThreshold);
            if (image.getWidth() != decoded.width() || image.getHeight() != decoded.height()) {
                // Decoded at reduced resolution: boxes back to the pixels of the image as given.
                double sx = (double) decoded.width() / image.getWidth();
                double sy = (double) decoded.height() / image.getHeight();
                boxes = boxes.stream().map(b -> b.scaled(sx, sy)).toList();
            }
            return new Result(detector, decoded.width(), decoded.height(), boxes);
        } finally {
            running.release();
            latency.computeIfAbsent(detector.descriptor().key(), model -> Timer.builder("extractor.detect.latency")
                    .tag("model", model).publishPercentileHistogram().register(meters))
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Decoded with at least twice the detector's working size on the long side: never more than it can use. */
    private ImageDecoder.Decoded decode(byte[] image, LoadedDetector detector) {
        try {
            return decoder.decode(image, 2 * detector.detector().fetchBox());
        } catch (ImageDecodeException e) {
            throw ImageProblems.of(e);
        }
    }
}
