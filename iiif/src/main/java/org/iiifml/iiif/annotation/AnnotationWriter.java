package org.iiifml.iiif.annotation;

import static org.iiifml.iiif.json.Nodes.putIfSet;

import java.util.List;
import org.iiifml.iiif.image.Region;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes annotations as viewers read them: a W3C AnnotationPage for Presentation 3 sources, an
 * Open Annotation {@code sc:AnnotationList} for Presentation 2 sources. Targets are
 * {@code canvas#xywh=x,y,w,h} (a media-fragment selector in URI form) or the bare canvas id.
 */
public final class AnnotationWriter {

    public static final String PRESENTATION_3_CONTEXT = "http://iiif.io/api/presentation/3/context.json";
    public static final String PRESENTATION_2_CONTEXT = "http://iiif.io/api/presentation/2/context.json";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnnotationWriter() {
    }

    /** {@code canvasId#xywh=…}, or the canvas id for the whole canvas. */
    public static String target(String canvasId, Region region) {
        return region == null ? canvasId : canvasId + "#xywh=" + region.xywh();
    }

    /**
     * A v3 AnnotationPage. {@code withContext} is true for a page served on its own, false for one embedded
     * in a manifest (which has the context already). It has no {@code partOf}: in v3 a page is part of an
     * AnnotationCollection only, never of the manifest that embeds it (v2's {@code within} is).
     */
    public static ObjectNode v3Page(String pageId, List<Annotation> annotations, boolean withContext) {
        ObjectNode page = NODES.objectNode();
        if (withContext) {
            page.put("@context", PRESENTATION_3_CONTEXT);
        }
        page.put("id", pageId);
        page.put("type", "AnnotationPage");
        ArrayNode items = page.putArray("items");
        int n = 0;
        for (Annotation a : annotations) {
            n++;
            ObjectNode item = items.addObject();
            // v3 requires an id; one read from a v2 list may have none: derived from the page, stable per page.
            item.put("id", a.id() != null ? a.id() : pageId + (pageId.contains("#") ? "-" : "#") + "annotation-" + n);
            item.put("type", "Annotation");
            if (a.motivations().size() == 1) {
                item.put("motivation", a.motivations().get(0));
            } else {
                ArrayNode m = item.putArray("motivation");
                a.motivations().forEach(m::add);
            }
            ArrayNode bodies = item.putArray("body");
            for (Body b : a.bodies()) {
                ObjectNode body = bodies.addObject();
                putIfSet(body, "id", b.id());
                putIfSet(body, "type", b.type());
                putIfSet(body, "value", b.value());
                putIfSet(body, "language", b.language());
                putIfSet(body, "format", b.format());
                putIfSet(body, "purpose", b.purpose());
                if (b.confidence() != null) {
                    body.put("confidence", b.confidence());
                }
            }
            item.put("target", target(a.target().source(), a.target().region()));
            if (a.generator() != null) {
                ObjectNode g = item.putObject("generator");
                putIfSet(g, "id", a.generator().id());
                g.put("type", "Software");
                putIfSet(g, "name", a.generator().name());
                putIfSet(g, "version", a.generator().version());
            }
        }
        return page;
    }

    /** A v2 {@code sc:AnnotationList} of Open Annotations with the same content. */
    public static ObjectNode v2List(String listId, String manifestId, List<Annotation> annotations, boolean withContext) {
        ObjectNode list = NODES.objectNode();
        if (withContext) {
            list.put("@context", PRESENTATION_2_CONTEXT);
        }
        list.put("@id", listId);
        list.put("@type", "sc:AnnotationList");
        if (manifestId != null) {
            list.putObject("within").put("@id", manifestId).put("@type", "sc:Manifest");
        }
        ArrayNode resources = list.putArray("resources");
        for (Annotation a : annotations) {
            ObjectNode item = resources.addObject();
            item.put("@id", a.id());
            item.put("@type", "oa:Annotation");
            ArrayNode m = item.putArray("motivation");
            a.motivations().forEach(motivation -> m.add(motivation.contains(":") ? motivation : "oa:" + motivation));
            ArrayNode bodies = item.putArray("resource");
            for (Body b : a.bodies()) {
                ObjectNode body = bodies.addObject();
                putIfSet(body, "@id", b.id());
                if ("TextualBody".equals(b.type())) {
                    body.put("@type", "cnt:ContentAsText");
                    putIfSet(body, "chars", b.value());
                } else {
                    putIfSet(body, "@type", b.type());
                }
                putIfSet(body, "format", b.format());
                putIfSet(body, "language", b.language());
                // Not an Open Annotation term, which v2 viewers ignore; kept so that reading the list loses nothing.
                putIfSet(body, "purpose", b.purpose());
                if (b.confidence() != null) {
                    body.put("confidence", b.confidence());
                }
            }
            item.put("on", target(a.target().source(), a.target().region()));
            if (a.generator() != null) {
                ObjectNode g = item.putObject("generator");
                putIfSet(g, "@id", a.generator().id());
                putIfSet(g, "name", a.generator().name());
                putIfSet(g, "version", a.generator().version());
            }
        }
        return list;
    }

}
