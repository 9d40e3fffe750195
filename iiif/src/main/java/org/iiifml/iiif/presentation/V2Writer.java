package org.iiifml.iiif.presentation;

import static org.iiifml.iiif.json.Nodes.putIfSet;

import java.util.List;
import java.util.Map;
import org.iiifml.iiif.image.ImageService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the model as Presentation 2.1, for consumers of v2 sources that ask for v2 back. The mapping is
 * the one the reader applies in reverse (summary → description, requiredStatement → attribution, rights →
 * license, homepage → related, partOf → within); what 2.1 cannot say (durations, a requiredStatement
 * label other than the attribution) is left out.
 */
final class V2Writer {

    static final String CONTEXT = "http://iiif.io/api/presentation/2/context.json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private V2Writer() {
    }

    static ObjectNode manifest(Manifest manifest) {
        ObjectNode root = NODES.objectNode();
        root.put("@context", CONTEXT);
        root.put("@id", manifest.id());
        root.put("@type", "sc:Manifest");
        descriptive(root, manifest.description());
        putIfSet(root, "viewingDirection", manifest.viewingDirection());
        if (!manifest.behavior().isEmpty()) {
            root.put("viewingHint", manifest.behavior().get(0));
        }
        ObjectNode sequence = root.putArray("sequences").addObject();
        sequence.put("@id", manifest.id() + (manifest.id().contains("#") ? "-sequence" : "#sequence"));
        sequence.put("@type", "sc:Sequence");
        ArrayNode canvases = sequence.putArray("canvases");
        manifest.canvases().forEach(c -> canvases.add(canvas(c)));
        if (!manifest.structures().isEmpty()) {
            ArrayNode structures = root.putArray("structures");
            for (Range top : manifest.structures()) {
                flatten(top, true, structures);
            }
        }
        return root;
    }

    static ObjectNode collection(Collection collection) {
        ObjectNode root = NODES.objectNode();
        root.put("@context", CONTEXT);
        root.put("@id", collection.id());
        root.put("@type", "sc:Collection");
        descriptive(root, collection.description());
        ArrayNode collections = NODES.arrayNode();
        ArrayNode manifests = NODES.arrayNode();
        for (CollectionItem item : collection.items()) {
            ObjectNode node = (item.kind() == CollectionItem.Kind.MANIFEST ? manifests : collections).addObject();
            node.put("@id", item.id());
            node.put("@type", item.kind() == CollectionItem.Kind.MANIFEST ? "sc:Manifest" : "sc:Collection");
            label(node, "label", item.label());
            contents(node, "thumbnail", item.thumbnails());
        }
        if (!collections.isEmpty()) {
            root.set("collections", collections);
        }
        if (!manifests.isEmpty()) {
            root.set("manifests", manifests);
        }
        Paging paging = collection.paging();
        putIfSet(root, "first", paging.first());
        putIfSet(root, "last", paging.last());
        putIfSet(root, "next", paging.next());
        putIfSet(root, "prev", paging.prev());
        if (paging.total() != null) {
            root.put("total", paging.total());
        }
        putIfSet(root, "startIndex", paging.startIndex());
        return root;
    }

    private static void descriptive(ObjectNode root, Descriptive d) {
        label(root, "label", d.label());
        label(root, "description", d.summary());
        if (!d.metadata().isEmpty()) {
            ArrayNode metadata = root.putArray("metadata");
            for (MetadataEntry e : d.metadata()) {
                ObjectNode entry = metadata.addObject();
                entry.set("label", value(e.label()));
                entry.set("value", value(e.value()));
            }
        }
        if (d.requiredStatement() != null) {
            root.set("attribution", value(d.requiredStatement().value()));
        }
        putIfSet(root, "license", d.rights());
        links(root, "related", d.homepage());
        links(root, "seeAlso", d.seeAlso());
        links(root, "within", d.partOf());
        links(root, "rendering", d.rendering());
        contents(root, "thumbnail", d.thumbnails());
    }

    private static ObjectNode canvas(Canvas c) {
        ObjectNode node = NODES.objectNode();
        node.put("@id", c.id());
        node.put("@type", "sc:Canvas");
        label(node, "label", c.label());
        putIfSet(node, "width", c.width());
        putIfSet(node, "height", c.height());
        contents(node, "thumbnail", c.thumbnails());
        ArrayNode images = node.putArray("images");
        for (PaintingAnnotation p : c.paintings()) {
            ObjectNode a = images.addObject();
            a.put("@id", p.id());
            a.put("@type", "oa:Annotation");
            a.put("motivation", "sc:painting");
            if (p.choice()) {
                ObjectNode choice = a.putObject("resource");
                choice.put("@type", "oa:Choice");
                if (!p.bodies().isEmpty()) {
                    choice.set("default", content(p.bodies().get(0)));
                    ArrayNode items = choice.putArray("item");
                    p.bodies().subList(1, p.bodies().size()).forEach(b -> items.add(content(b)));
                }
            } else if (p.bodies().size() == 1) {
                a.set("resource", content(p.bodies().get(0)));
            } else {
                ArrayNode resources = a.putArray("resource");
                p.bodies().forEach(b -> resources.add(content(b)));
            }
            putIfSet(a, "on", p.target());
        }
        if (!c.annotations().isEmpty()) {
            ArrayNode other = node.putArray("otherContent");
            for (Link l : c.annotations()) {
                ObjectNode list = other.addObject();
                list.put("@id", l.id());
                list.put("@type", "sc:AnnotationList");
                label(list, "label", l.label());
            }
        }
        return node;
    }

    private static ObjectNode content(ContentResource r) {
        ObjectNode resource = NODES.objectNode();
        putIfSet(resource, "@id", r.id());
        if (r.type() != null) {
            resource.put("@type", switch (r.type()) {
                case "Image" -> "dctypes:Image";
                case "Sound" -> "dctypes:Sound";
                case "Video" -> "dctypes:MovingImage";
                case "Text" -> "dctypes:Text";
                default -> r.type();
            });
        }
        putIfSet(resource, "format", r.format());
        putIfSet(resource, "width", r.width());
        putIfSet(resource, "height", r.height());
        label(resource, "label", r.label());
        if (!r.services().isEmpty()) {
            ArrayNode services = resource.putArray("service");
            r.services().forEach(s -> services.add(service(s)));
        }
        if (r.region() == null) {
            return resource;
        }
        ObjectNode specific = NODES.objectNode();
        specific.put("@type", "oa:SpecificResource");
        specific.set("full", resource);
        specific.putObject("selector").put("@type", "iiif:ImageApiSelector").put("region", r.region());
        return specific;
    }

    private static ObjectNode service(ImageService s) {
        ObjectNode node = NODES.objectNode();
        node.put("@context", switch (s.version()) {
            case V3 -> "http://iiif.io/api/image/3/context.json";
            case V2 -> "http://iiif.io/api/image/2/context.json";
            case V1_0, V1_1 -> "http://iiif.io/api/image/1/context.json";
        });
        node.put("@id", s.id());
        putIfSet(node, "@type", s.type());
        putIfSet(node, "profile", s.profile());
        return node;
    }

    /** v2 ranges are a flat list; nesting is written as the children's ids in {@code ranges}. */
    private static void flatten(Range range, boolean top, ArrayNode out) {
        ObjectNode node = out.addObject();
        node.put("@id", range.id());
        node.put("@type", "sc:Range");
        label(node, "label", range.label());
        if (top) {
            node.put("viewingHint", "top");
        }
        if (!range.canvases().isEmpty()) {
            ArrayNode canvases = node.putArray("canvases");
            range.canvases().forEach(canvases::add);
        }
        if (!range.ranges().isEmpty()) {
            ArrayNode children = node.putArray("ranges");
            range.ranges().forEach(child -> children.add(child.id()));
        }
        for (Range child : range.ranges()) {
            flatten(child, false, out);
        }
    }

    private static void links(ObjectNode root, String name, List<Link> links) {
        if (links.isEmpty()) {
            return;
        }
        ArrayNode array = root.putArray(name);
        for (Link l : links) {
            ObjectNode node = array.addObject();
            putIfSet(node, "@id", l.id());
            putIfSet(node, "@type", l.type());
            label(node, "label", l.label());
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

    private static void label(ObjectNode node, String name, LanguageMap map) {
        if (!map.isEmpty()) {
            node.set(name, value(map));
        }
    }

    /** A language map as v2 writes values: {@code @value}/{@code @language} objects; none as no language. */
    private static JsonNode value(LanguageMap map) {
        ArrayNode values = NODES.arrayNode();
        for (Map.Entry<String, List<String>> e : map.values().entrySet()) {
            for (String text : e.getValue()) {
                ObjectNode v = values.addObject().put("@value", text);
                if (!LanguageMap.NONE.equals(e.getKey())) {
                    v.put("@language", e.getKey());
                }
            }
        }
        return values;
    }

}
