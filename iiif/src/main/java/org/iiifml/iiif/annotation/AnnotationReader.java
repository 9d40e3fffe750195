package org.iiifml.iiif.annotation;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.iiifml.iiif.json.IiifException;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * Reads annotations: a v3 AnnotationPage or Annotation, a v2 AnnotationList or a single oa:Annotation
 * (as Mirador 2 stores them, with array motivations and a Choice of selectors).
 */
public final class AnnotationReader {

    private final IiifJson json;

    public AnnotationReader(IiifJson json) {
        this.json = json;
    }

    public AnnotationReader() {
        this(IiifJson.withDefaults());
    }

    public List<Annotation> read(InputStream in) {
        return read(json.parse(in));
    }

    public List<Annotation> read(JsonNode root) {
        String type = Nodes.type(root);
        List<Annotation> annotations = new ArrayList<>();
        if ("AnnotationPage".equals(type) || "sc:AnnotationList".equals(type) || root.has("resources") || root.has("items")) {
            for (JsonNode a : Nodes.list(root, "items", "resources")) {
                if (a.isObject()) {
                    annotations.add(annotation(a));
                }
            }
            return annotations;
        }
        if ("Annotation".equals(type) || "oa:Annotation".equals(type)) {
            annotations.add(annotation(root));
            return annotations;
        }
        throw new IiifException("the document is not an annotation, annotation page or annotation list");
    }

    private static Annotation annotation(JsonNode node) {
        List<String> motivations = new ArrayList<>();
        for (JsonNode m : Nodes.list(node, "motivation")) {
            if (m.isString()) {
                motivations.add(m.stringValue());
            }
        }
        List<Body> bodies = new ArrayList<>();
        for (JsonNode b : Nodes.list(node, "body", "resource")) {
            bodies.add(body(b));
        }
        JsonNode targetNode = Nodes.first(node, "target", "on");
        Target target = targetNode == null ? null : target(Nodes.list(targetNode).get(0));
        Generator generator = null;
        JsonNode g = node.get("generator");
        if (g != null && g.isObject()) {
            generator = new Generator(Nodes.id(g), Nodes.text(g, "name", "label"), Nodes.text(g, "version"));
        }
        return new Annotation(Nodes.id(node), motivations, bodies, target, generator);
    }

    private static Body body(JsonNode b) {
        if (b.isString()) {
            return new Body(b.stringValue(), null, null, null, null, null, null);
        }
        String type = Nodes.type(b);
        if ("cnt:ContentAsText".equals(type) || "dctypes:Text".equals(type)) {
            type = "TextualBody";
        }
        JsonNode confidence = b.get("confidence");
        return new Body(Nodes.id(b), type, Nodes.text(b, "value", "chars", "@value"), Nodes.text(b, "language", "@language"),
                Nodes.text(b, "format"), Nodes.text(b, "purpose"),
                confidence != null && confidence.isNumber() ? confidence.doubleValue() : null);
    }

    /** A target as {@code canvas#xywh=…}, or a SpecificResource with its source and selector. */
    static Target target(JsonNode node) {
        if (node.isString()) {
            String value = node.stringValue();
            int hash = value.indexOf("#xywh=");
            return hash < 0 ? new Target(value, null)
                    : new Target(value.substring(0, hash), new Selector("FragmentSelector", value.substring(hash + 1)));
        }
        String source = Nodes.id(Nodes.first(node, "source", "full"));
        if (source == null) {
            source = Nodes.id(node);
        }
        return new Target(source, selector(node.get("selector")));
    }

    private static Selector selector(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        JsonNode node = Nodes.list(value).get(0);
        String type = Nodes.type(node);
        if (type != null && type.endsWith("Choice")) {
            JsonNode preferred = Nodes.first(node, "default");
            return preferred == null ? null : selector(preferred);
        }
        if (type == null) {
            return null;
        }
        String plain = type.startsWith("oa:") ? type.substring(3) : type;
        return new Selector(plain, Nodes.text(node, "value", "chars", "rdf:value"));
    }
}
