package org.iiifml.iiif.annotation;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.iiifml.iiif.json.Nodes;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.iiif.presentation.PresentationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An annotated copy of a manifest: the source document unchanged except that each annotated canvas gains
 * one more annotation page. A v3 manifest stays v3 (an AnnotationPage embedded in the canvas's
 * {@code annotations}); a v2 manifest stays v2 (an AnnotationList in {@code otherContent}, embedded and with
 * an {@code @id} at which the caller serves it, since v2 viewers load lists by id).
 */
public final class AnnotatedManifests {

    private AnnotatedManifests() {
    }

    /**
     * @param source the manifest as published (not modified)
     * @param annotationsByCanvas the new annotations, by canvas id as written in the source
     * @param pageId the id of the new page or list of a canvas
     */
    public static ObjectNode annotate(JsonNode source, Map<String, List<Annotation>> annotationsByCanvas,
            Function<String, String> pageId) {
        ObjectNode copy = (ObjectNode) source.deepCopy();
        String manifestId = Nodes.id(copy);
        boolean v3 = PresentationReader.version(copy) == PresentationVersion.V3;
        for (JsonNode canvas : canvases(copy, v3)) {
            String canvasId = Nodes.id(canvas);
            List<Annotation> annotations = annotationsByCanvas.get(canvasId);
            if (annotations == null || annotations.isEmpty() || !canvas.isObject()) {
                continue;
            }
            ObjectNode target = (ObjectNode) canvas;
            if (v3) {
                pages(target, "annotations").add(AnnotationWriter.v3Page(pageId.apply(canvasId), annotations, false));
            } else {
                pages(target, "otherContent").add(AnnotationWriter.v2List(pageId.apply(canvasId), manifestId, annotations, false));
            }
        }
        return copy;
    }

    private static List<JsonNode> canvases(JsonNode manifest, boolean v3) {
        if (v3) {
            return Nodes.list(manifest, "items");
        }
        List<JsonNode> sequences = Nodes.list(manifest, "sequences");
        return sequences.isEmpty() ? List.of() : Nodes.list(sequences.get(0), "canvases");
    }

    private static ArrayNode pages(ObjectNode canvas, String property) {
        JsonNode existing = canvas.get(property);
        if (existing instanceof ArrayNode array) {
            return array;
        }
        ArrayNode array = canvas.putArray(property);
        if (existing != null && !existing.isNull()) {
            array.add(existing); // a single page written without an array is kept, first
        }
        return array;
    }
}
