package org.iiifml.canvasjobs.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.iiifml.canvasjobs.images.CanvasImages;
import org.iiifml.canvasjobs.source.CanvasSource;
import org.iiifml.canvasjobs.source.PlannedCanvas;
import org.iiifml.iiif.annotation.Generator;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.jobs.engine.JobWorker;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.model.JobView;
import org.iiifml.jobs.model.PlannedItem;
import org.iiifml.support.about.AboutService;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job worker of a model service, made from its {@link CanvasJobWorker}: the options are parsed and the
 * model resolved and pinned once when a job is accepted; planning reads the manifest once and keeps a
 * {@link PlannedCanvas} per item; an item fetches its image's pixels only and keeps the typed result.
 * A collection job has one item per manifest, each of whose canvases is processed in turn.
 */
public final class CanvasJobs<O, R> implements JobWorker {

    /** JSON as kept in the job tables. */
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_CACHED_OPTIONS = 256;

    private final CanvasJobWorker<O, R> worker;
    private final CanvasSource source;
    private final CanvasImages images;
    private final AboutService about;
    private final String service;
    /** A job's pinned options, parsed once per distinct value (a job's items share one). */
    private final Map<JsonNode, O> parsed = new ConcurrentHashMap<>();

    public CanvasJobs(CanvasJobWorker<O, R> worker, CanvasSource source, CanvasImages images, AboutService about, String service) {
        this.worker = worker;
        this.source = source;
        this.images = images;
        this.about = about;
        this.service = service;
    }

    public CanvasJobWorker<O, R> worker() {
        return worker;
    }

    @Override
    public Accepted accept(JobRequest request) {
        if (request.isCollection() && !worker.acceptsCollections()) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, service + " jobs run over one manifest (manifestUrl); "
                    + "harvest a collection's manifests with the iiif-fetcher's jobs and submit each");
        }
        O options = worker.options(request.options());
        ModelDescriptor model = worker.model(options);
        Map<String, Object> settings = worker.settings(options);
        ObjectNode pinned = JSON.createObjectNode();
        if (model != null) {
            pinned.put("model", model.key());
        }
        pinned.setAll((ObjectNode) JSON.valueToTree(settings));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("software", about.software());
        if (model != null) {
            record.put("model", Map.of("name", model.name(), "version", model.version(), "sha256", model.sha256(), "contract", model.contract()));
        }
        record.putAll(settings);
        if (model != null) {
            record.put("preprocessing", model.preprocessing());
        }
        int box = worker.box(options);
        record.put("iiifRequest", Map.of("fitsWithin", List.of(box, box),
                "note", "each canvas's image is asked for to fit within this box; each item records the exact request"));
        return new Accepted(new JobRequest(request.manifestUrl(), request.collectionUrl(), request.canvasIds(), pinned, request.webhook()),
                record);
    }

    @Override
    public List<PlannedItem> plan(JobRequest request) {
        List<PlannedItem> items = new ArrayList<>(request.isCollection()
                ? source.manifests(request.collectionUrl()).stream().map(m -> new PlannedItem(m.url(), m.label(), null)).toList()
                : source.canvases(request.manifestUrl(), request.canvasIds()).stream()
                        .map(c -> new PlannedItem(c.canvasId(), c.label(), JSON.valueToTree(c))).toList());
        CanvasJobWorker.JobStep<O> step = worker.afterCanvases();
        if (step != null) {
            items.add(new PlannedItem(STEP_REF, step.label(), null));
        }
        return items;
    }

    /** The ref of the job's last item when the worker has a step after the canvases. */
    public static final String STEP_REF = "urn:iiif-ml:job-step";

    @Override
    public JsonNode process(java.util.UUID jobId, JobRequest request, PlannedItem item) {
        if (STEP_REF.equals(item.ref()) && worker.afterCanvases() != null) {
            return worker.afterCanvases().run(jobId, options(request.options()), request);
        }
        return process(request, item);
    }

    /** The step after the canvases is what the job is for: its failure fails the job. */
    @Override
    public boolean failsJob(PlannedItem item) {
        return STEP_REF.equals(item.ref());
    }

    @Override
    public JsonNode process(JobRequest request, PlannedItem item) {
        O options = options(request.options());
        int box = worker.box(options);
        if (request.isCollection()) {
            List<CollectionItemResult.Canvas<R>> canvases = new ArrayList<>();
            for (PlannedCanvas canvas : source.canvases(item.ref(), null)) {
                try {
                    canvases.add(new CollectionItemResult.Canvas<>(canvas.canvasId(), worker.process(options, images.fetch(canvas, box)), null));
                } catch (ProblemException e) {
                    canvases.add(new CollectionItemResult.Canvas<>(canvas.canvasId(), null,
                            new CollectionItemResult.Problem(e.type().uri().toString(), e.getMessage())));
                }
            }
            return JSON.valueToTree(new CollectionItemResult<>(canvases));
        }
        return JSON.valueToTree(worker.process(options, images.fetch(planned(request, item), box)));
    }

    /** The item's planned canvas; an item planned before canvases were kept is looked up in its manifest once. */
    private PlannedCanvas planned(JobRequest request, PlannedItem item) {
        JsonNode data = item.data();
        if (data != null && data.has("canvasId")) {
            return JSON.treeToValue(data, PlannedCanvas.class);
        }
        return source.canvases(request.manifestUrl(), List.of(item.ref())).get(0);
    }

    private O options(JsonNode pinned) {
        O options = parsed.get(pinned);
        if (options == null) {
            options = worker.options(pinned);
            if (parsed.size() >= MAX_CACHED_OPTIONS) {
                parsed.clear();
            }
            parsed.put(pinned, options);
        }
        return options;
    }

    /** The job's succeeded canvas items with their results as the service's type, in job order. */
    public List<ItemResult<R>> results(JobView job) {
        List<ItemResult<R>> results = new ArrayList<>();
        for (JobView.Item item : job.items()) {
            if (!"succeeded".equals(item.state()) || item.result() == null || job.parameters().isCollection() || STEP_REF.equals(item.id())) {
                continue;
            }
            results.add(new ItemResult<>(item, JSON.treeToValue(item.result(), worker.resultType())));
        }
        return results;
    }

    /**
     * Every canvas with a result, in job order, as the service's type: a manifest job's succeeded items,
     * and each succeeded canvas of a collection job's manifests (whose labels the job does not keep).
     */
    public List<CanvasResult<R>> canvasResults(JobView job) {
        if (!job.parameters().isCollection()) {
            return results(job).stream().map(r -> new CanvasResult<>(job.parameters().manifestUrl(), r.item().index(), r.item().id(),
                    r.item().label(), r.result())).toList();
        }
        List<CanvasResult<R>> results = new ArrayList<>();
        for (JobView.Item item : job.items()) {
            if (!"succeeded".equals(item.state()) || item.result() == null || STEP_REF.equals(item.id())) {
                continue;
            }
            for (JsonNode canvas : item.result().path("canvases")) {
                if (canvas.has("problem") || !canvas.has("id")) {
                    continue;
                }
                ObjectNode fields = ((ObjectNode) canvas).deepCopy();
                fields.remove("id");
                results.add(new CanvasResult<>(item.id(), item.index(), canvas.get("id").asString(), null,
                        JSON.treeToValue(fields, worker.resultType())));
            }
        }
        return results;
    }

    /** One canvas's result, with the manifest and the job item it belongs to. */
    public record CanvasResult<R>(String manifestUrl, int itemIndex, String canvasId, String canvasLabel, R result) {
    }

    /** The model a job's results came from, as its annotations' generator. */
    public Generator generator(JobView job) {
        JsonNode model = job.reproducibility().path("model");
        String name = model.path("name").asString();
        String version = model.path("version").asString();
        return new Generator("urn:iiif-ml:model:" + name + ":" + version + ":sha256:" + model.path("sha256").asString(),
                service + " " + name, version);
    }
}
