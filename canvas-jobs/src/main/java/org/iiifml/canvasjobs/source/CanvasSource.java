package org.iiifml.canvasjobs.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iiifml.canvasjobs.fetcher.FetcherProblems;
import org.iiifml.client.fetcher.api.DocumentsApi;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.JsonLimits;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.ContentResource;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's source, read through the iiif-fetcher (which reads any Presentation version and answers v3):
 * the canvases of a manifest as {@link PlannedCanvas}es, or the manifests of a collection. Blocking; for
 * the job runner's threads.
 */
public final class CanvasSource {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DocumentsApi documents;
    private final PresentationReader reader = new PresentationReader(new IiifJson(JsonLimits.DEFAULTS));

    public CanvasSource(DocumentsApi documents) {
        this.documents = documents;
    }

    /** One manifest of a collection, as a collection job's item. */
    public record ManifestRef(String url, String label) {
    }

    /**
     * The canvases a manifest job works on, each with what processing it needs: all of them, or those
     * {@code canvasIds} names, in the manifest's order. An id the manifest lacks is the job's problem (422).
     */
    public List<PlannedCanvas> canvases(String manifestUrl, List<String> canvasIds) {
        Manifest manifest = manifest(manifestUrl);
        List<Canvas> all = manifest.canvases();
        List<Canvas> selected;
        try {
            selected = canvasIds == null ? all : manifest.canvases(canvasIds);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, e.getMessage());
        }
        Map<String, Integer> pages = new java.util.HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            pages.putIfAbsent(all.get(i).id(), i + 1);
        }
        return selected.stream().map(c -> planned(manifestUrl, c, pages.get(c.id()))).toList();
    }

    /** The manifests a collection job works on, once each, in the collection's order. */
    public List<ManifestRef> manifests(String collectionUrl) {
        Map<String, Object> collection = FetcherProblems.call(() -> documents.getCollection(collectionUrl, null).block());
        List<ManifestRef> manifests = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode item : JSON.valueToTree(collection).path("items")) {
            String id = item.path("id").asString(null);
            if ("Manifest".equals(item.path("type").asString()) && id != null && seen.add(id)) {
                manifests.add(new ManifestRef(id, firstValue(item.path("label"))));
            }
        }
        return manifests;
    }

    static PlannedCanvas planned(String manifestUrl, Canvas canvas, int page) {
        String label = canvas.label() == null || canvas.label().isEmpty() ? null : canvas.label().firstValue();
        PlannedCanvas.PlannedImage image = canvas.firstImage().map(CanvasSource::image).orElse(null);
        return new PlannedCanvas(manifestUrl, canvas.id(), label, page, canvas.width(), canvas.height(), image);
    }

    private static PlannedCanvas.PlannedImage image(ContentResource body) {
        return body.preferredService()
                .map(s -> new PlannedCanvas.PlannedImage(body.id(), s.id(), s.type(), s.version() == null ? null : s.version().name(),
                        s.level(), s.profile(), body.region(), body.width(), body.height()))
                .orElseGet(() -> new PlannedCanvas.PlannedImage(body.id(), null, null, null, null, null, body.region(), body.width(),
                        body.height()));
    }

    private Manifest manifest(String url) {
        Map<String, Object> json = FetcherProblems.call(() -> documents.getManifest(url, null).block());
        return reader.readManifest(JSON.valueToTree(json));
    }

    private static String firstValue(JsonNode label) {
        for (JsonNode values : label) {
            if (values.isArray() && !values.isEmpty()) {
                return values.get(0).asString();
            }
        }
        return null;
    }
}
