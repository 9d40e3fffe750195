package org.iiifml.iiif.presentation;

import java.util.ArrayList;
import java.util.List;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/** Reads Presentation 3.0 documents, tolerating the v2 habits real ones keep ({@code @id}, {@code @type}). */
final class V3Reader {

    private V3Reader() {
    }

    static Manifest manifest(JsonNode root) {
        List<Canvas> canvases = new ArrayList<>();
        for (JsonNode item : Nodes.list(root, "items")) {
            if (item.isObject() && "Canvas".equals(Resources.normaliseType(Nodes.type(item), "Canvas"))) {
                canvases.add(canvas(item));
            }
        }
        List<String> behavior = new ArrayList<>();
        for (JsonNode b : Nodes.list(root, "behavior")) {
            behavior.add(b.asString());
        }
        List<Range> structures = new ArrayList<>();
        for (JsonNode range : Nodes.list(root, "structures")) {
            if (range.isObject()) {
                structures.add(range(range, 0));
            }
        }
        return new Manifest(Nodes.id(root), PresentationVersion.V3, descriptive(root),
                Nodes.text(root, "viewingDirection"), behavior, canvases, structures);
    }

    static Collection collection(JsonNode root) {
        List<CollectionItem> items = new ArrayList<>();
        for (JsonNode item : Nodes.list(root, "items")) {
            String type = Resources.normaliseType(Nodes.type(item), "Manifest");
            CollectionItem.Kind kind = "Collection".equals(type) ? CollectionItem.Kind.COLLECTION : CollectionItem.Kind.MANIFEST;
            items.add(new CollectionItem(Nodes.id(item), kind, Languages.read(item.get("label")),
                    Resources.contents(item.get("thumbnail"), null)));
        }
        JsonNode total = Nodes.first(root, "total", "totalItems");
        Paging paging = new Paging(Resources.idOf(root.get("first")), Resources.idOf(root.get("last")),
                Resources.idOf(root.get("next")), Resources.idOf(root.get("prev")),
                total != null && total.canConvertToLong() ? total.longValue() : null, null);
        return new Collection(Nodes.id(root), PresentationVersion.V3, descriptive(root), items, paging);
    }

    static Descriptive descriptive(JsonNode root) {
        JsonNode required = root.get("requiredStatement");
        MetadataEntry requiredStatement = required != null && required.isObject()
                ? new MetadataEntry(Languages.read(required.get("label")), Languages.read(required.get("value")))
                : null;
        return new Descriptive(Languages.read(root.get("label")), Languages.read(root.get("summary")),
                Languages.metadata(root.get("metadata")), requiredStatement, Nodes.text(root, "rights"),
                Resources.links(root.get("provider"), "Agent"), Resources.links(root.get("homepage"), "Text"),
                Resources.links(root.get("seeAlso"), "Dataset"), Resources.links(root.get("partOf"), "Collection"),
                Resources.links(root.get("rendering"), "Text"), Resources.contents(root.get("thumbnail"), null));
    }

    private static Canvas canvas(JsonNode node) {
        List<PaintingAnnotation> paintings = new ArrayList<>();
        String canvasId = Nodes.id(node);
        for (JsonNode page : Nodes.list(node, "items")) {
            for (JsonNode annotation : Nodes.list(page, "items")) {
                if (annotation.isObject() && isPainting(annotation)) {
                    paintings.add(painting(annotation, canvasId, paintings.size() + 1));
                }
            }
        }
        List<Link> annotations = new ArrayList<>();
        for (JsonNode page : Nodes.list(node, "annotations")) {
            String id = Nodes.id(page);
            if (id != null) {
                annotations.add(new Link(id, "AnnotationPage", page.isObject() ? Languages.read(page.get("label")) : null, null, null));
            }
        }
        return new Canvas(Nodes.id(node), Languages.read(node.get("label")), Nodes.dimension(node, "width"),
                Nodes.dimension(node, "height"), Nodes.decimal(node, "duration"), paintings,
                Resources.contents(node.get("thumbnail"), null), annotations);
    }

    private static boolean isPainting(JsonNode annotation) {
        List<JsonNode> motivations = Nodes.list(annotation, "motivation");
        if (motivations.isEmpty()) {
            return true; // an annotation inside a canvas's items paints unless it says otherwise
        }
        return motivations.stream().anyMatch(m -> m.isString() && m.stringValue().endsWith("painting"));
    }

    private static PaintingAnnotation painting(JsonNode annotation, String canvasId, int n) {
        List<ContentResource> bodies = new ArrayList<>();
        boolean choice = false;
        for (JsonNode body : Nodes.list(annotation, "body")) {
            if (body.isObject() && "Choice".equals(Resources.normaliseType(Nodes.type(body), null))) {
                choice = true;
                bodies.addAll(Resources.contents(body.get("items"), null));
            } else if (body.isObject() || body.isString()) {
                bodies.add(Resources.content(body, null));
            }
        }
        String id = Nodes.id(annotation);
        return new PaintingAnnotation(id != null ? id : DerivedIds.paintingAnnotation(canvasId, n),
                Resources.idOf(annotation.get("target")), bodies, choice);
    }

    private static final int MAX_RANGE_DEPTH = 64;

    private static Range range(JsonNode node, int depth) {
        List<String> canvases = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        for (JsonNode item : Nodes.list(node, "items")) {
            String type = Resources.normaliseType(Nodes.type(item), "Canvas");
            if ("Range".equals(type)) {
                if (depth < MAX_RANGE_DEPTH) {
                    ranges.add(range(item, depth + 1));
                }
            } else if ("SpecificResource".equals(type)) {
                canvases.add(Resources.idOf(Nodes.first(item, "source")));
            } else {
                canvases.add(Nodes.id(item));
            }
        }
        return new Range(Nodes.id(node), Languages.read(node.get("label")), canvases, ranges);
    }
}
