package org.iiifml.extractor.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iiifml.canvasjobs.images.CanvasImage;
import org.iiifml.canvasjobs.worker.CanvasJobWorker;
import org.iiifml.canvasjobs.worker.JobOptions;
import org.iiifml.extractor.detect.DetectionService;
import org.iiifml.extractor.detect.Detector;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.iiif.annotation.Body;
import org.iiifml.iiif.annotation.Selector;
import org.iiifml.iiif.annotation.Target;
import org.iiifml.iiif.image.ImageRequests;
import org.iiifml.iiif.image.Region;
import org.iiifml.inference.detection.Detection;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Extraction jobs over a manifest: one item per canvas (or per listed canvas id). Each canvas's image is
 * fetched at the size the detector works at, the detector runs, and the boxes are mapped from the served
 * image to canvas coordinates. With an image service, each region keeps its box in image pixels and the
 * Image API URL of its full-resolution crop (within the server's limits), built from the service's
 * info.json. Options: {@code model} (pinned to name:version when the job is created), {@code confidence},
 * {@code iouThreshold}.
 */
@Component
class ExtractJobWorker implements CanvasJobWorker<ExtractJobWorker.Options, ExtractionResult> {

    private final DetectionService detection;

    ExtractJobWorker(DetectionService detection) {
        this.detection = detection;
    }

    /** A job's options, checked, its detector resolved. */
    record Options(ModelRegistry.Loaded<Detector> detector, float confidence, float iouThreshold) {
    }

    @Override
    public boolean acceptsCollections() {
        return false;
    }

    @Override
    public Options options(JsonNode options) {
        JsonNode checked = JobOptions.of(options, "extractor", List.of("model", "confidence", "iouThreshold"));
        JsonNode model = checked.get("model");
        JsonNode confidence = checked.get("confidence");
        JsonNode iou = checked.get("iouThreshold");
        if ((model != null && !model.isString()) || (confidence != null && !confidence.isNumber()) || (iou != null && !iou.isNumber())) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "options.model must be a string, options.confidence and options.iouThreshold numbers");
        }
        return new Options(detection.registry().resolve(model == null ? null : model.asString()),
                detection.confidence(confidence == null ? null : confidence.floatValue()),
                detection.iouThreshold(iou == null ? null : iou.floatValue()));
    }

    @Override
    public ModelDescriptor model(Options options) {
        return options.detector().descriptor();
    }

    @Override
    public Map<String, Object> settings(Options options) {
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("confidence", options.confidence());
        settings.put("iouThreshold", options.iouThreshold());
        return settings;
    }

    @Override
    public int box(Options options) {
        return options.detector().model().fetchBox();
    }

    @Override
    public ExtractionResult process(Options options, CanvasImage page) {
        DetectionService.Result result = detection.detectNow(page.image(), options.detector(), options.confidence(), options.iouThreshold());
        List<ExtractionResult.Found> regions = new ArrayList<>();
        for (Detection d : result.boxes()) {
            Region r = onCanvas(d.scaled(page.scaleX(), page.scaleY()), page.canvasWidth(), page.canvasHeight());
            if (r == null) {
                continue;
            }
            String imageRegion = null;
            String url = null;
            if (page.info() != null) {
                Region inImage = page.toImage(r);
                imageRegion = inImage.x() + "," + inImage.y() + "," + inImage.width() + "," + inImage.height();
                url = ImageRequests.fullResolution(page.info(), inImage, "jpg").url();
            }
            regions.add(new ExtractionResult.Found(r.x(), r.y(), r.width(), r.height(), d.score(), d.label(), imageRegion, url));
        }
        var image = page.canvas().image();
        return new ExtractionResult(page.canvas().page(), page.iiifRequest(),
                new ExtractionResult.Size(page.servedWidth(), page.servedHeight()),
                new ExtractionResult.Size(page.canvasWidth(), page.canvasHeight()),
                image.serviceId(), image.serviceId() == null ? image.url() : null, regions);
    }

    /** A box in whole canvas pixels, clipped to the canvas; null when nothing is left. */
    static Region onCanvas(Detection d, int width, int height) {
        int x0 = (int) Math.max(0, Math.round(d.x()));
        int y0 = (int) Math.max(0, Math.round(d.y()));
        int x1 = (int) Math.min(width, Math.round(d.x() + d.width()));
        int y1 = (int) Math.min(height, Math.round(d.y() + d.height()));
        return x1 > x0 && y1 > y0 ? new Region(x0, y0, x1 - x0, y1 - y0) : null;
    }

    @Override
    public Class<ExtractionResult> resultType() {
        return ExtractionResult.class;
    }

    /** One annotation per region, numbered from 1 on each canvas: a tag on the box with the detector's score. */
    @Override
    public List<Annotation> annotations(ExtractionResult result, AnnotationIds ids) {
        List<Annotation> annotations = new ArrayList<>();
        for (ExtractionResult.Found r : result.regions()) {
            annotations.add(new Annotation(ids.id(annotations.size() + 1), List.of("tagging"),
                    List.of(Body.text(r.label(), "en", "tagging", (double) r.score())),
                    new Target(ids.canvasId(), new Selector("FragmentSelector", "xywh=" + r.xywh())), ids.generator()));
        }
        return annotations;
    }
}
