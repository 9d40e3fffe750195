package org.iiifml.iiif.presentation;

import static org.iiifml.iiif.json.Nodes.putIfSet;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.iiifml.iiif.image.ImageApiVersion;
import org.iiifml.iiif.image.ImageService;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the model as Presentation 3 JSON-LD. Ids are written exactly as read. Where a v2 source has no
 * id for something v3 requires (the annotation page that paints a canvas), one is derived from the canvas
 * id; what v3 does not allow as the source wrote it is changed by {@link V3Repairs} first. Everything the
 * repaired model holds is written, so reading the output gives that model back.
 */
public final class PresentationWriter {

    public static final String CONTEXT = "http://iiif.io/api/presentation/3/context.json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PresentationWriter() {
    }

    /** A document written as Presentation 3, and what {@link V3Repairs} changed to make it valid. */
    public record Written(ObjectNode json, List<String> repairs) {

        public Written {
            repairs = List.copyOf(repairs);
        }
    }

    /** The manifest as Presentation 3, after {@link V3Repairs#manifest}. */
    public static ObjectNode toV3(Manifest manifest) {
        return writeV3(manifest, null).json();
    }

    /**
     * The manifest as Presentation 3 with the repairs it needed, a relative id resolved against
     * {@code publishedAt} (the URL it was read from; null when unknown).
     */
    public static Written writeV3(Manifest manifest, URI publishedAt) {
        V3Repairs.Repaired<Manifest> repaired = V3Repairs.manifest(manifest, publishedAt);
        return new Written(manifest(repaired.value()), repaired.notes());
    }

    private static ObjectNode manifest(Manifest manifest) {
        ObjectNode root = NODES.objectNode();
        root.put("@context", CONTEXT);
        root.put("id", manifest.id());
        root.put("type", "Manifest");
        descriptive(root, manifest.description());
        putIfSet(root, "viewingDirection", manifest.viewingDirection());
        if (!manifest.behavior().isEmpty()) {
            ArrayNode behavior = root.putArray("behavior");
            manifest.behavior().forEach(behavior::add);
        }
        ArrayNode items = root.putArray("items");
        manifest.canvases().forEach(c -> items.add(canvas(c)));
        if (!manifest.structures().isEmpty()) {
            ArrayNode structures = root.putArray("structures");
            manifest.structures().forEach(r -> structures.add(range(r)));
        }
        return root;
    }

    /** Presentation 2.1, for consumers of v2 sources that ask for v2 back. */
    public static ObjectNode toV2(Manifest manifest) {
        return V2Writer.manifest(manifest);
    }

    public static ObjectNode toV2(Collection collection) {
        return V2Writer.collection(collection);
    }

    /** The collection as Presentation 3, after {@link V3Repairs#collection}. */
    public static ObjectNode toV3(Collection collection) {
        return writeV3(collection).json();
    }

    /** The collection as Presentation 3 with the repairs it needed. */
    public static Written writeV3(Collection collection) {
        V3Repairs.Repaired<Collection> repaired = V3Repairs.collection(collection);
        return new Written(collection(repaired.value()), repaired.notes());
    }

    private static ObjectNode collection(Collection collection) {
        ObjectNode root = NODES.objectNode();
        root.put("@context", CONTEXT);
        root.put("id", collection.id());
        root.put("type", "Collection");
        descriptive(root, collection.description());
        ArrayNode items = root.putArray("items");
        for (CollectionItem item : collection.items()) {
            ObjectNode node = items.addObject();
            node.put("id", item.id());
            node.put("type", item.kind() == CollectionItem.Kind.MANIFEST ? "Manifest" : "Collection");
            languageMap(node, "label", item.label());
            contents(node, "thumbnail", item.thumbnails());
        }
        Paging paging = collection.paging();
        // Not Presentation 3 terms (v3 has no paging); kept so a page of a paged v2 collection says where it leads.
        link(root, "first", paging.first());
        link(root, "last", paging.last());
        link(root, "next", paging.next());
        link(root, "prev", paging.prev());
        if (paging.total() != null) {
            root.put("total", paging.total());
        }
        putIfSet(root, "startIndex", paging.startIndex());
        return root;
    }

    private static void link(ObjectNode root, String name, String id) {
        if (id != null) {
            root.putObject(name).put("id", id).put("type", "Collection");
        }
    }

    private static void descriptive(ObjectNode root, Descriptive d) {
        languageMap(root, "label", d.label());
        languageMap(root, "summary", d.summary());
        if (!d.metadata().isEmpty()) {
            ArrayNode metadata = root.putArray("metadata");
            d.metadata().forEach(e -> metadata.add(entry(e)));
        }
        if (d.requiredStatement() != null) {
            root.set("requiredStatement", entry(d.requiredStatement()));
        }
        putIfSet(root, "rights", d.rights());
        links(root, "provider", d.provider());
        links(root, "homepage", d.homepage());
        links(root, "seeAlso", d.seeAlso());
        links(root, "partOf", d.partOf());
        links(root, "rendering", d.rendering());
        contents(root, "thumbnail", d.thumbnails());
    }

    private static ObjectNode entry(MetadataEntry e) {
        ObjectNode node = NODES.objectNode();
        node.set("label", map(e.label()));
        node.set("value", map(e.value()));
        return node;
    }

    private static ObjectNode canvas(Canvas c) {
        ObjectNode node = NODES.objectNode();
        node.put("id", c.id());
        node.put("type", "Canvas");
        languageMap(node, "label", c.label());
        putIfSet(node, "width", c.width());
        putIfSet(node, "height", c.height());
        putIfSet(node, "duration", c.duration());
        contents(node, "thumbnail", c.thumbnails());
        ArrayNode pages = node.putArray("items");
        ObjectNode page = pages.addObject();
        page.put("id", DerivedIds.paintingPage(c.id()));
        page.put("type", "AnnotationPage");
        ArrayNode annotations = page.putArray("items");
        for (PaintingAnnotation p : c.paintings()) {
            ObjectNode a = annotations.addObject();
            a.put("id", p.id());
            a.put("type", "Annotation");
            a.put("motivation", "painting");
            if (p.choice()) {
                ObjectNode choice = a.putObject("body");
                choice.put("type", "Choice");
                ArrayNode items = choice.putArray("items");
                p.bodies().forEach(b -> items.add(content(b)));
            } else if (p.bodies().size() == 1) {
                a.set("body", content(p.bodies().get(0)));
            } else {
                ArrayNode bodies = a.putArray("body");
                p.bodies().forEach(b -> bodies.add(content(b)));
            }
            putIfSet(a, "target", p.target());
        }
        links(node, "annotations", c.annotations());
        return node;
    }

    private static ObjectNode content(ContentResource r) {
        ObjectNode resource = NODES.objectNode();
        putIfSet(resource, "id", r.id());
        putIfSet(resource, "type", r.type());
        putIfSet(resource, "format", r.format());
        putIfSet(resource, "width", r.width());
        putIfSet(resource, "height", r.height());
        putIfSet(resource, "duration", r.duration());
        languageMap(resource, "label", r.label());
        if (!r.services().isEmpty()) {
            ArrayNode services = resource.putArray("service");
            r.services().forEach(s -> services.add(service(s)));
        }
        if (r.region() == null) {
            return resource;
        }
        ObjectNode specific = NODES.objectNode();
        specific.put("type", "SpecificResource");
        specific.set("source", resource);
        specific.putObject("selector").put("type", "ImageApiSelector").put("region", r.region());
        return specific;
    }

    /**
     * Image services keep the keys of their own version: {@code id}/{@code type} for 3, {@code @id}/{@code @type}
     * before (v3 §5.7); the repairs gave every service its type.
     */
    private static ObjectNode service(ImageService s) {
        ObjectNode node = NODES.objectNode();
        boolean v3 = s.version() == ImageApiVersion.V3;
        node.put(v3 ? "id" : "@id", s.id());
        node.put(v3 ? "type" : "@type", s.type() != null ? s.type() : V3Repairs.serviceType(s.version()));
        putIfSet(node, "profile", s.profile());
        return node;
    }

    private static ObjectNode range(Range r) {
        ObjectNode node = NODES.objectNode();
        node.put("id", r.id());
        node.put("type", "Range");
        languageMap(node, "label", r.label());
        ArrayNode items = node.putArray("items");
        r.canvases().forEach(id -> items.addObject().put("id", id).put("type", "Canvas"));
        r.ranges().forEach(child -> items.add(range(child)));
        return node;
    }

    private static void links(ObjectNode root, String name, List<Link> links) {
        if (links.isEmpty()) {
            return;
        }
        ArrayNode array = root.putArray(name);
        for (Link l : links) {
            ObjectNode node = array.addObject();
            putIfSet(node, "id", l.id());
            putIfSet(node, "type", l.type());
            languageMap(node, "label", l.label());
            putIfSet(node, "format", l.format());
            putIfSet(node, "profile", l.profile());
        }
    }

    private static void contents(ObjectNode root, String name, List<ContentResource> resources) {
        if (!resources.isEmpty()) {
            ArrayNode array = root.putArray(name);
            resources.forEach(r -> array.add(content(r)));
        }
    }

    private static void languageMap(ObjectNode node, String name, LanguageMap map) {
        if (!map.isEmpty()) {
            node.set(name, map(map));
        }
    }

    private static ObjectNode map(LanguageMap map) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, List<String>> e : map.values().entrySet()) {
            ArrayNode values = node.putArray(e.getKey());
            e.getValue().forEach(values::add);
        }
        return node;
    }

}
