package org.iiifml.fetcher.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iiifml.fetcher.documents.DocumentCache;
import org.iiifml.fetcher.documents.DocumentService;
import org.iiifml.fetcher.documents.DocumentsProperties;
import org.iiifml.fetcher.images.ImageFetchService;
import org.iiifml.iiif.image.ImageInfo;
import org.iiifml.iiif.image.ImageService;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.CollectionHarvester;
import org.iiifml.iiif.presentation.ContentResource;
import org.iiifml.iiif.presentation.HarvestLimits;
import org.iiifml.iiif.presentation.LanguageMap;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.jobs.config.JobsProperties;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.engine.JobWorker;
import org.iiifml.jobs.model.PlannedItem;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.about.AboutService;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fetcher's jobs: harvests. A collection job has one item per manifest, found by walking nested
 * collections and pages; each item reads its manifest. A manifest job has one item per canvas; each item
 * resolves the canvas's image service (info.json). Both tell an institution which parts of its IIIF are
 * broken, and warm the fetcher's cache for the model services' jobs.
 */
@Component
class HarvestWorker implements JobWorker {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DocumentService documents;
    private final DocumentCache cache;
    private final ImageFetchService images;
    private final IiifJson json;
    private final DocumentsProperties documentLimits;
    private final JobsProperties jobs;
    private final AboutService about;

    HarvestWorker(DocumentService documents, DocumentCache cache, ImageFetchService images, IiifJson json,
            DocumentsProperties documentLimits, JobsProperties jobs, AboutService about) {
        this.documents = documents;
        this.cache = cache;
        this.images = images;
        this.json = json;
        this.documentLimits = documentLimits;
        this.jobs = jobs;
        this.about = about;
    }

    @Override
    public Accepted accept(JobRequest request) {
        if (request.options() != null && !request.options().isEmpty()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "harvest jobs take no options");
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("software", about.software());
        record.put("task", request.isCollection() ? "harvest-collection" : "harvest-manifest");
        record.put("limits", Map.of("maxDocumentBytes", documentLimits.maxBytes().toBytes(), "maxItems", jobs.maxItems()));
        return new Accepted(request, record);
    }

    @Override
    public List<PlannedItem> plan(JobRequest request) {
        return request.isCollection() ? planCollection(request.collectionUrl()) : planManifest(request);
    }

    private List<PlannedItem> planCollection(String url) {
        documents.collectionPage(url).block(); // the top document's failure is the job's, with its own problem type
        long maxBytes = documentLimits.maxBytes().toBytes();
        var harvest = new CollectionHarvester(u -> json.parse(cache.get(u, maxBytes).block()), new PresentationReader(json),
                new HarvestLimits(8, jobs.maxItems() + 1, documentLimits.maxCollectionPages()))
                .harvest(url);
        List<PlannedItem> items = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (var found : harvest) {
            if (seen.add(found.manifest().id())) {
                ObjectNode data = NODES.objectNode();
                data.put("collection", found.path().isEmpty() ? url : found.path().get(found.path().size() - 1));
                items.add(new PlannedItem(found.manifest().id(), text(found.manifest().label()), data));
            }
        }
        return items;
    }

    private List<PlannedItem> planManifest(JobRequest request) {
        Manifest manifest = documents.manifest(request.manifestUrl()).block();
        List<Canvas> canvases;
        try {
            canvases = request.canvasIds() == null ? manifest.canvases() : manifest.canvases(request.canvasIds());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, e.getMessage());
        }
        List<PlannedItem> items = new ArrayList<>();
        for (Canvas canvas : canvases) {
            ObjectNode data = NODES.objectNode();
            canvas.firstImage().ifPresent(image -> {
                data.put("image", image.id());
                image.preferredService().ifPresent(service -> data.put("service", service.id()));
            });
            items.add(new PlannedItem(canvas.id(), text(canvas.label()), data));
        }
        return items;
    }

    @Override
    public JsonNode process(JobRequest request, PlannedItem item) {
        return request.isCollection() ? readManifest(item) : resolveCanvas(item);
    }

    private JsonNode readManifest(PlannedItem item) {
        Manifest manifest = documents.manifest(item.ref()).block();
        ObjectNode result = NODES.objectNode();
        result.put("presentation", manifest.sourceVersion() == org.iiifml.iiif.presentation.PresentationVersion.V2 ? "2" : "3");
        result.put("label", text(manifest.label()));
        result.put("canvases", manifest.canvases().size());
        result.put("canvasesWithImageService", manifest.canvases().stream()
                .filter(c -> c.firstImage().flatMap(ContentResource::preferredService).isPresent()).count());
        return result;
    }

    private JsonNode resolveCanvas(PlannedItem item) {
        JsonNode data = item.data();
        if (data == null || !data.has("image")) {
            throw new ProblemException(ProblemType.NOT_IIIF, "the canvas " + item.ref() + " has no image");
        }
        ObjectNode result = NODES.objectNode();
        result.put("image", data.get("image").asString());
        if (!data.has("service")) {
            result.putNull("imageService");
            return result;
        }
        ImageInfo info = images.info(data.get("service").asString()).block();
        ImageService service = info.service();
        result.put("imageService", service.id());
        result.put("imageApi", service.version().label());
        result.put("level", service.effectiveLevel());
        result.put("width", info.width());
        result.put("height", info.height());
        return result;
    }

    private static String text(LanguageMap label) {
        return label == null || label.isEmpty() ? null : label.firstValue();
    }
}
