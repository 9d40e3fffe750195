package org.iiifml.extractor.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.client.fetcher.api.ImagesApi;
import org.iiifml.extractor.detect.DetectionService;
import org.iiifml.extractor.detect.LoadedDetector;
import org.iiifml.iiif.image.ImageApiVersion;
import org.iiifml.iiif.image.ImageInfo;
import org.iiifml.iiif.image.ImageRequests;
import org.iiifml.iiif.image.ImageService;
import org.iiifml.iiif.image.Region;
import org.iiifml.iiif.image.Size;
import org.iiifml.iiif.image.TileSet;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.JsonLimits;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.CanvasRegions;
import org.iiifml.iiif.presentation.ContentResource;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.inference.detection.Detection;
import org.iiifml.jobs.api.JobRequest;
import org.iiifml.jobs.engine.JobWorker;
import org.iiifml.support.about.AboutService;
import org.iiifml.support.fetcher.FetcherProblems;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Extraction jobs over a manifest: one item per canvas (or per listed canvas id). Each canvas's image is
 * fetched through the iiif-fetcher at the size the detector works at (from a level-0 service, the smallest
 * listed size that covers it), the detector runs, and the boxes are mapped from the served image to canvas
 * coordinates. Each region keeps the Image API
 * URL of its full-resolution crop (within the server's limits), built from the image service's info.json.
 * Options: {@code model} (pinned to name:version when the job is created), {@code confidence},
 * {@code iouThreshold}.
 */
@Component
class ExtractJobWorker implements JobWorker {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> OPTIONS = Set.of("model", "confidence", "iouThreshold");

    private final DocumentsApi documents;
    private final ImagesApi images;
    private final DetectionService detection;
    private final AboutService about;
    private final PresentationReader reader = new PresentationReader(new IiifJson(JsonLimits.DEFAULTS));

    ExtractJobWorker(DocumentsApi documents, ImagesApi images, DetectionService detection, AboutService about) {
        this.documents = documents;
        this.images = images;
        this.detection = detection;
        this.about = about;
    }

    private record Options(String model, Float confidence, Float iouThreshold) {
    }

    private static Options options(JobRequest request) {
        JsonNode options = request.options();
        if (options == null || options.isNull()) {
            return new Options(null, null, null);
        }
        if (!options.isObject()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "options must be an object with model, confidence and iouThreshold");
        }
        for (String name : options.propertyNames()) {
            if (!OPTIONS.contains(name)) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "unknown option '" + name + "'; extractor jobs take model, confidence and iouThreshold");
            }
        }
        JsonNode model = options.get("model");
        JsonNode confidence = options.get("confidence");
        JsonNode iou = options.get("iouThreshold");
        if ((model != null && !model.isString()) || (confidence != null && !confidence.isNumber()) || (iou != null && !iou.isNumber())) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "options.model must be a string, options.confidence and options.iouThreshold numbers");
        }
        return new Options(model == null ? null : model.asString(), confidence == null ? null : confidence.floatValue(),
                iou == null ? null : iou.floatValue());
    }

    @Override
    public void validate(JobRequest request) {
        if (request.isCollection()) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "extractor jobs run over one manifest (manifestUrl); "
                    + "harvest a collection's manifests with the iiif-fetcher's jobs and submit each");
        }
        Options options = options(request);
        detection.registry().resolve(options.model());
        detection.confidence(options.confidence());
        detection.iouThreshold(options.iouThreshold());
    }

    @Override
    public JobRequest prepare(JobRequest request) {
        Options options = options(request);
        ObjectNode pinned = JSON.createObjectNode();
        pinned.put("model", detection.registry().resolve(options.model()).descriptor().key());
        pinned.put("confidence", detection.confidence(options.confidence()));
        pinned.put("iouThreshold", detection.iouThreshold(options.iouThreshold()));
        return new JobRequest(request.manifestUrl(), request.collectionUrl(), request.canvasIds(), pinned, request.webhook());
    }

    @Override
    public Map<String, Object> reproducibility(JobRequest request) {
        Options options = options(request);
        LoadedDetector detector = detection.registry().resolve(options.model());
        var d = detector.descriptor();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("software", about.software());
        record.put("model", Map.of("name", d.name(), "version", d.version(), "sha256", d.sha256(), "contract", d.contract()));
        record.put("confidence", detection.confidence(options.confidence()));
        record.put("iouThreshold", detection.iouThreshold(options.iouThreshold()));
        record.put("preprocessing", d.preprocessing());
        int box = detector.detector().fetchBox();
        record.put("iiifRequest", Map.of("fitsWithin", List.of(box, box),
                "note", "each canvas's image is asked for to fit within this box; each item records the exact request"));
        return record;
    }

    @Override
    public List<PlannedItem> plan(JobRequest request) {
        Manifest manifest = manifest(request.manifestUrl());
        List<Canvas> canvases = JobWorker.selectedCanvases(manifest, request);
        Map<String, Integer> pages = new java.util.HashMap<>();
        List<Canvas> all = manifest.canvases();
        for (int i = 0; i < all.size(); i++) {
            pages.putIfAbsent(all.get(i).id(), i + 1);
        }
        List<PlannedItem> items = new ArrayList<>();
        for (Canvas canvas : canvases) {
            ObjectNode data = JSON.createObjectNode().put("manifest", request.manifestUrl()).put("page", pages.get(canvas.id()));
            items.add(new PlannedItem(canvas.id(), canvas.label() == null || canvas.label().isEmpty() ? null : canvas.label().firstValue(), data));
        }
        return items;
    }

    @Override
    public JsonNode process(JobRequest request, PlannedItem item) {
        Options options = options(request);
        LoadedDetector detector = detection.registry().resolve(options.model());
        String manifestUrl = item.data().get("manifest").asString();
        Manifest manifest = manifest(manifestUrl);
        Canvas canvas = manifest.canvases().stream().filter(c -> c.id().equals(item.ref())).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.UNPROCESSABLE, "the manifest no longer has canvas " + item.ref()));
        int box = detector.detector().fetchBox();
        ResponseEntity<org.springframework.core.io.Resource> page = FetcherProblems.call(() ->
                images.getImageWithHttpInfo(box, box, null, manifestUrl, canvas.id(), null, null, "jpg").block());
        byte[] bytes;
        try {
            bytes = page.getBody() == null ? new byte[0] : page.getBody().getContentAsByteArray();
        } catch (IOException e) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "the page image could not be read from the iiif-fetcher");
        }
        DetectionService.Result result = detection.detectNow(bytes, detector, detection.confidence(options.confidence()),
                detection.iouThreshold(options.iouThreshold()));
        // Served image → canvas: the canvas's own size, or the served size when the canvas has none.
        int canvasWidth = canvas.width() != null && canvas.width() > 0 ? canvas.width() : result.width();
        int canvasHeight = canvas.height() != null && canvas.height() > 0 ? canvas.height() : result.height();
        double sx = (double) canvasWidth / result.width();
        double sy = (double) canvasHeight / result.height();
        ImageInfo info = result.boxes().isEmpty() ? null : imageInfo(canvas); // for region URLs only

        ObjectNode out = JSON.createObjectNode();
        out.put("page", item.data().path("page").asInt());
        out.put("iiifRequest", page.getHeaders().getFirst("X-IIIF-Request"));
        out.putObject("served").put("width", result.width()).put("height", result.height());
        out.putObject("canvas").put("width", canvasWidth).put("height", canvasHeight);
        ArrayNode regions = out.putArray("regions");
        for (Detection d : result.boxes()) {
            Region r = onCanvas(d.scaled(sx, sy), canvasWidth, canvasHeight);
            if (r == null) {
                continue;
            }
            ObjectNode region = regions.addObject().put("x", r.x()).put("y", r.y()).put("w", r.width()).put("h", r.height())
                    .put("score", d.score()).put("label", d.label());
            if (info != null) {
                ContentResource body = canvas.firstImage().orElseThrow();
                region.put("iiifRegionUrl", ImageRequests.fullResolution(info,
                        CanvasRegions.toImage(canvas, body, r, info.width(), info.height()), "jpg").url());
            }
        }
        return out;
    }

    /** A box in whole canvas pixels, clipped to the canvas; null when nothing is left. */
    static Region onCanvas(Detection d, int width, int height) {
        int x0 = (int) Math.max(0, Math.round(d.x()));
        int y0 = (int) Math.max(0, Math.round(d.y()));
        int x1 = (int) Math.min(width, Math.round(d.x() + d.width()));
        int y1 = (int) Math.min(height, Math.round(d.y() + d.height()));
        return x1 > x0 && y1 > y0 ? new Region(x0, y0, x1 - x0, y1 - y0) : null;
    }

    /** The info.json of the canvas's image service, through the fetcher (cached there); null without a service. */
    private ImageInfo imageInfo(Canvas canvas) {
        ImageService service = canvas.firstImage().flatMap(ContentResource::preferredService).orElse(null);
        if (service == null) {
            return null;
        }
        org.iiifml.client.fetcher.model.ImageInfo api = FetcherProblems.call(() -> images.getImageInfo(service.id()).block());
        ImageApiVersion version = switch (api.getVersion().getValue()) {
            case "3" -> ImageApiVersion.V3;
            case "2" -> ImageApiVersion.V2;
            case "1.1" -> ImageApiVersion.V1_1;
            default -> ImageApiVersion.V1_0;
        };
        List<Size> sizes = api.getSizes() == null ? List.of()
                : api.getSizes().stream().map(s -> new Size(s.getWidth(), s.getHeight())).toList();
        List<TileSet> tiles = api.getTiles() == null ? List.of()
                : api.getTiles().stream().map(t -> new TileSet(t.getWidth(), t.getHeight(), t.getScaleFactors())).toList();
        return new ImageInfo(new ImageService(api.getId(), service.type(), version, api.getLevel(), service.profile()),
                api.getWidth(), api.getHeight(), sizes, tiles, api.getMaxWidth(), api.getMaxHeight(), api.getMaxArea(),
                Set.of(), Set.of(), Set.of());
    }

    private Manifest manifest(String url) {
        Map<String, Object> json = FetcherProblems.call(() -> documents.getManifest(url, null).block());
        return reader.readManifest(JSON.valueToTree(json));
    }
}
