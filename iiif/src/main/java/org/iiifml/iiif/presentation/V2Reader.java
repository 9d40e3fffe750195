package org.iiifml.iiif.presentation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/** Reads Presentation 2.x (and 1.0-era shared-canvas) documents into the Presentation 3 model. */
final class V2Reader {

    private V2Reader() {
    }

    static Manifest manifest(JsonNode root) {
        List<Canvas> canvases = new ArrayList<>();
        List<JsonNode> sequences = Nodes.list(root, "sequences");
        // Viewers show the first sequence; later ones are alternative orders of (usually) other canvases.
        if (!sequences.isEmpty()) {
            for (JsonNode canvas : Nodes.list(sequences.get(0), "canvases")) {
                if (canvas.isObject()) {
                    canvases.add(canvas(canvas));
                }
            }
        }
        List<String> behavior = new ArrayList<>();
        String hint = Nodes.text(root, "viewingHint");
        if (hint != null) {
            behavior.add(hint);
        }
        String direction = Nodes.text(root, "viewingDirection");
        if (direction == null && !sequences.isEmpty()) {
            direction = Nodes.text(sequences.get(0), "viewingDirection");
        }
        return new Manifest(Nodes.id(root), PresentationVersion.V2, descriptive(root), direction, behavior,
                canvases, ranges(Nodes.list(root, "structures")));
    }

    static Collection collection(JsonNode root) {
        // members (2.1's one ordered list of both kinds) first, then collections, then manifests, each in
        // document order; a member listed in more than one of them, as some publishers do, is kept once,
        // where it first appears.
        Set<String> seen = new HashSet<>();
        List<CollectionItem> items = new ArrayList<>();
        for (String property : List.of("members", "collections", "manifests")) {
            for (JsonNode node : Nodes.list(root, property)) {
                CollectionItem.Kind kind = switch (property) {
                    case "collections" -> CollectionItem.Kind.COLLECTION;
                    case "manifests" -> CollectionItem.Kind.MANIFEST;
                    default -> "Collection".equals(Resources.normaliseType(Nodes.type(node), "Manifest"))
                            ? CollectionItem.Kind.COLLECTION : CollectionItem.Kind.MANIFEST;
                };
                CollectionItem item = item(node, kind);
                if (item.id() == null || seen.add(item.id())) {
                    items.add(item);
                }
            }
        }
        JsonNode total = root.get("total");
        JsonNode startIndex = root.get("startIndex");
        Paging paging = new Paging(Resources.idOf(root.get("first")), Resources.idOf(root.get("last")),
                Resources.idOf(root.get("next")), Resources.idOf(root.get("prev")),
                total != null && total.canConvertToLong() ? total.longValue() : null,
                startIndex != null && startIndex.canConvertToInt() ? startIndex.intValue() : null);
        return new Collection(Nodes.id(root), PresentationVersion.V2, descriptive(root), items, paging);
    }

    private static CollectionItem item(JsonNode node, CollectionItem.Kind kind) {
        return new CollectionItem(Nodes.id(node), kind, Languages.read(node.get("label")),
                Resources.contents(node.get("thumbnail"), "Image"));
    }

    static Descriptive descriptive(JsonNode root) {
        MetadataEntry required = null;
        JsonNode attribution = root.get("attribution");
        if (attribution != null && !attribution.isNull()) {
            required = new MetadataEntry(LanguageMap.of(LanguageMap.NONE, "Attribution"), Languages.read(attribution));
        }
        String rights = null;
        for (JsonNode licence : Nodes.list(root, "license")) {
            if (licence.isString()) {
                rights = licence.stringValue();
                break;
            }
            String id = Nodes.id(licence);
            if (id != null) {
                rights = id;
                break;
            }
        }
        return new Descriptive(Languages.read(root.get("label")), Languages.read(root.get("description")),
                Languages.metadata(root.get("metadata")), required, rights, List.of(),
                Resources.links(root.get("related"), "Text"), Resources.links(root.get("seeAlso"), "Dataset"),
                Resources.links(root.get("within"), "Collection"), Resources.links(root.get("rendering"), "Text"),
                Resources.contents(root.get("thumbnail"), "Image"));
    }

    private static Canvas canvas(JsonNode node) {
        List<PaintingAnnotation> paintings = new ArrayList<>();
        String canvasId = Nodes.id(node);
        for (JsonNode annotation : Nodes.list(node, "images")) {
            if (annotation.isObject()) {
                paintings.add(painting(annotation, canvasId, paintings.size() + 1));
            }
        }
        List<Link> annotations = new ArrayList<>();
        for (JsonNode list : Nodes.list(node, "otherContent")) {
            String id = Nodes.id(list);
            if (id != null) {
                annotations.add(new Link(id, "AnnotationPage", list.isObject() ? Languages.read(list.get("label")) : null, null, null));
            }
        }
        return new Canvas(Nodes.id(node), Languages.read(node.get("label")), Nodes.dimension(node, "width"),
                Nodes.dimension(node, "height"), Nodes.decimal(node, "duration"), paintings,
                Resources.contents(node.get("thumbnail"), "Image"), annotations);
    }

    private static PaintingAnnotation painting(JsonNode annotation, String canvasId, int n) {
        JsonNode resource = annotation.get("resource");
        List<ContentResource> bodies = new ArrayList<>();
        boolean choice = false;
        if (resource != null && resource.isObject()
                && "Choice".equals(Resources.normaliseType(Nodes.type(resource), null))) {
            choice = true;
            JsonNode preferred = resource.get("default");
            if (preferred != null && preferred.isObject()) {
                bodies.add(Resources.content(preferred, "Image"));
            }
            bodies.addAll(Resources.contents(Nodes.first(resource, "item", "items"), "Image"));
        } else if (resource != null) {
            bodies.addAll(Resources.contents(resource, "Image"));
        }
        String id = Nodes.id(annotation);
        return new PaintingAnnotation(id != null ? id : DerivedIds.paintingAnnotation(canvasId, n),
                Resources.idOf(annotation.get("on")), bodies, choice);
    }

    /**
     * v2 structures are a flat list; nesting is expressed by {@code ranges} (ids) or {@code members}
     * (objects). The top ranges are those marked {@code viewingHint: top} or referenced by no other range.
     */
    static List<Range> ranges(List<JsonNode> flat) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        Set<String> referenced = new HashSet<>();
        for (JsonNode range : flat) {
            String id = Nodes.id(range);
            if (id != null) {
                byId.putIfAbsent(id, range);
            }
            for (JsonNode child : childRanges(range)) {
                referenced.add(Nodes.id(child));
            }
        }
        List<Range> tops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : byId.entrySet()) {
            boolean top = "top".equals(Nodes.text(entry.getValue(), "viewingHint"));
            if (top || !referenced.contains(entry.getKey())) {
                tops.add(range(entry.getValue(), byId, new HashSet<>()));
            }
        }
        return tops;
    }

    private static List<JsonNode> childRanges(JsonNode range) {
        List<JsonNode> children = new ArrayList<>(Nodes.list(range, "ranges"));
        for (JsonNode member : Nodes.list(range, "members")) {
            if ("Range".equals(Resources.normaliseType(Nodes.type(member), null))) {
                children.add(member);
            }
        }
        return children;
    }

    private static Range range(JsonNode node, Map<String, JsonNode> byId, Set<String> path) {
        String id = Nodes.id(node);
        path.add(id);
        List<String> canvases = new ArrayList<>();
        for (JsonNode canvas : Nodes.list(node, "canvases")) {
            canvases.add(Nodes.id(canvas));
        }
        for (JsonNode member : Nodes.list(node, "members")) {
            if ("Canvas".equals(Resources.normaliseType(Nodes.type(member), null))) {
                canvases.add(Nodes.id(member));
            }
        }
        List<Range> children = new ArrayList<>();
        for (JsonNode child : childRanges(node)) {
            String childId = Nodes.id(child);
            JsonNode full = byId.getOrDefault(childId, child.isObject() ? child : null);
            // A range that contains itself, directly or not, is cut there instead of recursing forever.
            if (full != null && childId != null && !path.contains(childId)) {
                children.add(range(full, byId, path));
            }
        }
        path.remove(id);
        return new Range(id, Languages.read(node.get("label")), canvases, children);
    }
}
