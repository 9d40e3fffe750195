package org.iiifml.classifier.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iiifml.classifier.classify.Classifier;
import org.iiifml.classifier.classify.IiifImageSource;
import org.iiifml.classifier.models.LoadedModel;
import org.iiifml.classifier.models.ModelRegistry;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.LanguageMap;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.jobs.api.JobRequest;
import org.iiifml.jobs.engine.JobWorker;
import org.iiifml.support.fetcher.FetcherProblems;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.about.AboutService;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Classification jobs: one item per canvas of a manifest (each canvas's image fetched through the
 * iiif-fetcher at the size the model needs; from a level-0 service, the smallest listed size covering it),
 * or one item per manifest of a collection (every canvas of it). Options: {@code model} (name or name:version; pinned to name:version when the job
 * is created) and {@code topK}.
 */
@Component
class ClassifyJobWorker implements JobWorker {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final DocumentsApi documents;
    private final IiifImageSource sources;
    private final Classifier classifier;
    private final ModelRegistry models;
    private final PresentationReader reader = new PresentationReader(new IiifJson(org.iiifml.iiif.json.JsonLimits.DEFAULTS));
    private final AboutService about;

    ClassifyJobWorker(DocumentsApi documents, IiifImageSource sources, Classifier classifier, ModelRegistry models,
            AboutService about) {
        this.documents = documents;
        this.sources = sources;
        this.classifier = classifier;
        this.models = models;
        this.about = about;
    }

    private record Options(String model, Integer topK) {
    }

    private static Options options(JobRequest request) {
        JsonNode options = request.options();
        if (options == null || options.isNull()) {
            return new Options(null, null);
        }
        if (!options.isObject()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "options must be an object with model and topK");
        }
        for (String name : options.propertyNames()) {
            if (!name.equals("model") && !name.equals("topK")) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "unknown option '" + name + "'; classifier jobs take model and topK");
            }
        }
        JsonNode model = options.get("model");
        JsonNode topK = options.get("topK");
        if ((model != null && !model.isString()) || (topK != null && !topK.isIntegralNumber())) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "options.model must be a string and options.topK an integer");
        }
        return new Options(model == null ? null : model.asString(), topK == null ? null : topK.asInt());
    }

    @Override
    public void validate(JobRequest request) {
        Options options = options(request);
        models.resolve(options.model());
        classifier.topK(options.topK());
    }

    @Override
    public JobRequest prepare(JobRequest request) {
        Options options = options(request);
        LoadedModel model = models.resolve(options.model());
        ObjectNode pinned = JSON.createObjectNode();
        pinned.put("model", model.descriptor().key());
        pinned.put("topK", classifier.topK(options.topK()));
        return new JobRequest(request.manifestUrl(), request.collectionUrl(), request.canvasIds(), pinned, request.webhook());
    }

    @Override
    public Map<String, Object> reproducibility(JobRequest request) {
        Options options = options(request);
        LoadedModel model = models.resolve(options.model());
        int box = IiifImageSource.box(model.descriptor().preprocessing());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("software", about.software());
        record.put("model", Map.of("name", model.descriptor().name(), "version", model.descriptor().version(),
                "sha256", model.descriptor().sha256(), "contract", model.descriptor().contract()));
        record.put("topK", classifier.topK(options.topK()));
        record.put("preprocessing", model.descriptor().preprocessing());
        record.put("iiifRequest", Map.of("fitsWithin", List.of(box, box),
                "note", "each canvas's image is asked for to fit within this box; each item records the exact request"));
        return record;
    }


    @Override
    public List<PlannedItem> plan(JobRequest request) {
        if (request.isCollection()) {
            Map<String, Object> collection = FetcherProblems.call(() -> documents.getCollection(request.collectionUrl(), null).block());
            List<PlannedItem> items = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode item : JSON.valueToTree(collection).path("items")) {
                String id = item.path("id").asString(null);
                if ("Manifest".equals(item.path("type").asString()) && id != null && seen.add(id)) {
                    items.add(new PlannedItem(id, label(item.path("label")), null));
                }
            }
            return items;
        }
        Manifest manifest = manifest(request.manifestUrl());
        List<Canvas> canvases = JobWorker.selectedCanvases(manifest, request);
        List<PlannedItem> items = new ArrayList<>();
        for (Canvas canvas : canvases) {
            ObjectNode data = JSON.createObjectNode().put("manifest", request.manifestUrl());
            items.add(new PlannedItem(canvas.id(), text(canvas.label()), data));
        }
        return items;
    }

    @Override
    public JsonNode process(JobRequest request, PlannedItem item) {
        Options options = options(request);
        LoadedModel model = models.resolve(options.model());
        if (request.isCollection()) {
            Manifest manifest = manifest(item.ref());
            ObjectNode result = JSON.createObjectNode();
            ArrayNode canvases = result.putArray("canvases");
            for (Canvas canvas : manifest.canvases()) {
                ObjectNode entry = canvases.addObject().put("id", canvas.id());
                try {
                    entry.setAll(classifyCanvas(item.ref(), canvas.id(), model, options.topK()));
                } catch (ProblemException e) {
                    entry.putObject("problem").put("type", e.type().uri().toString()).put("detail", e.getMessage());
                }
            }
            return result;
        }
        return classifyCanvas(item.data().get("manifest").asString(), item.ref(), model, options.topK());
    }

    private ObjectNode classifyCanvas(String manifestUrl, String canvasId, LoadedModel model, Integer topK) {
        IiifImageSource.Fetched image = sources.fetch(null, manifestUrl, canvasId, model.descriptor().preprocessing()).block();
        Classifier.Result result = classifier.classify(image.bytes(), model.descriptor().key(), topK).block();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode predictions = out.putArray("predictions");
        result.predictions().forEach(p -> predictions.addObject().put("label", p.label()).put("score", p.score()));
        out.put("iiifRequest", image.iiifRequest());
        if (image.width() != null && image.height() != null) {
            out.put("width", image.width()).put("height", image.height());
        }
        return out;
    }

    private Manifest manifest(String url) {
        Map<String, Object> json = FetcherProblems.call(() -> documents.getManifest(url, null).block());
        return reader.readManifest(JSON.valueToTree(json));
    }

    private static String text(LanguageMap label) {
        return label == null || label.isEmpty() ? null : label.firstValue();
    }

    private static String label(JsonNode label) {
        for (JsonNode values : label) {
            if (values.isArray() && !values.isEmpty()) {
                return values.get(0).asString();
            }
        }
        return null;
    }
}
