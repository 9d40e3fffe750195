package org.iiifml.colorizer.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iiifml.canvasjobs.images.CanvasImage;
import org.iiifml.canvasjobs.worker.CanvasJobWorker;
import org.iiifml.canvasjobs.worker.JobOptions;
import org.iiifml.colorizer.colorize.ColorizeService;
import org.iiifml.colorizer.models.LoadedColorizer;
import org.iiifml.colorizer.results.ResultStore;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.iiif.annotation.Body;
import org.iiifml.iiif.annotation.Target;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Colourisation jobs over a manifest or a collection: each canvas's image is fetched once at full
 * resolution (as large as its server and the fetcher's output cap allow), colourised at that size, marked
 * as machine-made (XMP with the source's IIIF request), and stored in the results directory. Options:
 * {@code model} (pinned to name:version when the job is created), {@code renderFactor}, {@code mark}.
 */
@Component
class ColorizeJobWorker implements CanvasJobWorker<ColorizeJobWorker.Options, ColorizationResult> {

    /** The largest box asked of the fetcher: its own output cap (suite.images.max-output-pixels) decides. */
    static final int FULL = 100_000;

    private final ColorizeService colorizer;
    private final ResultStore store;

    ColorizeJobWorker(ColorizeService colorizer, ResultStore store) {
        this.colorizer = colorizer;
        this.store = store;
    }

    record Options(ModelRegistry.Loaded<LoadedColorizer> model, Integer renderFactor, boolean mark) {
    }

    @Override
    public Options options(JsonNode options) {
        JsonNode checked = JobOptions.of(options, "colorizer", List.of("model", "renderFactor", "mark"));
        JsonNode model = checked.get("model");
        JsonNode renderFactor = checked.get("renderFactor");
        JsonNode mark = checked.get("mark");
        if ((model != null && !model.isString()) || (renderFactor != null && !renderFactor.isIntegralNumber())
                || (mark != null && !mark.isBoolean())) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "options.model must be a string, options.renderFactor a whole number,"
                    + " options.mark true or false");
        }
        return new Options(colorizer.model(model == null ? null : model.asString()),
                ColorizeService.renderFactor(renderFactor == null ? null : renderFactor.asInt()),
                mark == null ? colorizer.markByDefault() : mark.asBoolean());
    }

    @Override
    public ModelDescriptor model(Options options) {
        return options.model().descriptor();
    }

    @Override
    public Map<String, Object> settings(Options options) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (options.renderFactor() != null) {
            settings.put("renderFactor", options.renderFactor());
        }
        settings.put("mark", options.mark());
        return settings;
    }

    @Override
    public int box(Options options) {
        return FULL;
    }

    @Override
    public ColorizationResult process(Options options, CanvasImage page) {
        ColorizeService.Colourised done = colorizer.colorizeNow(page.image(), options.model().model(), options.renderFactor(),
                options.mark(), page.iiifRequest());
        String id = store.put(done.bytes());
        return new ColorizationResult(id, done.width(), done.height(), page.canvas().page(), page.canvasWidth(), page.canvasHeight(),
                page.iiifRequest());
    }

    @Override
    public Class<ColorizationResult> resultType() {
        return ColorizationResult.class;
    }

    /** One "describing" annotation per canvas: that its colours are the model's, naming the model. */
    @Override
    public List<Annotation> annotations(ColorizationResult result, AnnotationIds ids) {
        return List.of(new Annotation(ids.id(1), List.of("describing"),
                List.of(Body.text(DerivativeManifests.describing(ids.generator().name(), ids.generator().version()), "en", "describing", null)),
                new Target(ids.canvasId(), null), ids.generator()));
    }
}
