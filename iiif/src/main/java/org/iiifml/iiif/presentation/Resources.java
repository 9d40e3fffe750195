package org.iiifml.iiif.presentation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iiifml.iiif.image.ImageServices;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/** Content resources and links, read the same way from v2 and v3 documents. */
final class Resources {

    private static final Pattern XYWH = Pattern.compile("xywh=(?:pixel:)?(\\d+,\\d+,\\d+,\\d+)");

    private Resources() {
    }

    /** A content resource; a SpecificResource becomes its source with the selected region. */
    static ContentResource content(JsonNode node, String defaultType) {
        if (node.isString()) {
            return new ContentResource(node.stringValue(), defaultType, null, null, null, null, LanguageMap.EMPTY, List.of(), null);
        }
        String type = normaliseType(Nodes.type(node), defaultType);
        if ("SpecificResource".equals(type)) {
            JsonNode source = Nodes.first(node, "source", "full");
            ContentResource base = source == null
                    ? new ContentResource(null, defaultType, null, null, null, null, LanguageMap.EMPTY, List.of(), null)
                    : content(source, defaultType);
            return new ContentResource(base.id(), base.type(), base.format(), base.width(), base.height(),
                    base.duration(), base.label(), base.services(), region(node.get("selector")));
        }
        return new ContentResource(Nodes.id(node), type, Nodes.text(node, "format"),
                Nodes.dimension(node, "width"), Nodes.dimension(node, "height"), Nodes.decimal(node, "duration"),
                Languages.read(node.get("label")), ImageServices.read(Nodes.first(node, "service", "services")), null);
    }

    static List<ContentResource> contents(JsonNode value, String defaultType) {
        List<ContentResource> list = new ArrayList<>();
        for (JsonNode node : Nodes.list(value)) {
            if (node.isObject() || node.isString()) {
                list.add(content(node, defaultType));
            }
        }
        return list;
    }

    /** The region of an ImageApiSelector, or the xywh of a FragmentSelector; null for the whole resource. */
    static String region(JsonNode selector) {
        for (JsonNode s : Nodes.list(selector)) {
            String type = Nodes.type(s);
            if (type != null && type.endsWith("ImageApiSelector")) {
                String region = Nodes.text(s, "region");
                if (region != null && !"full".equals(region)) {
                    return region;
                }
            }
            String value = Nodes.text(s, "value", "rdf:value");
            if (value != null) {
                Matcher m = XYWH.matcher(value);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** v2 {@code dctypes:Image} and friends to the v3 type names; anything else as written. */
    static String normaliseType(String type, String defaultType) {
        if (type == null) {
            return defaultType;
        }
        return switch (type) {
            case "dctypes:Image", "dcTypes:Image" -> "Image";
            case "dctypes:Sound", "dcTypes:Sound" -> "Sound";
            case "dctypes:MovingImage", "dcTypes:MovingImage" -> "Video";
            case "dctypes:Text", "dcTypes:Text", "cnt:ContentAsText" -> "Text";
            case "oa:SpecificResource" -> "SpecificResource";
            case "oa:Choice" -> "Choice";
            case "sc:Canvas" -> "Canvas";
            case "sc:Manifest" -> "Manifest";
            case "sc:Collection" -> "Collection";
            case "sc:Range" -> "Range";
            case "sc:AnnotationList" -> "AnnotationPage";
            case "oa:Annotation" -> "Annotation";
            default -> type;
        };
    }

    static List<Link> links(JsonNode value, String defaultType) {
        List<Link> links = new ArrayList<>();
        for (JsonNode node : Nodes.list(value)) {
            if (node.isString()) {
                links.add(new Link(node.stringValue(), defaultType, null, null, null));
            } else if (node.isObject()) {
                links.add(new Link(Nodes.id(node), normaliseType(Nodes.type(node), defaultType),
                        Languages.read(node.get("label")), Nodes.text(node, "format"), Nodes.text(node, "profile", "dcterms:conformsTo")));
            }
        }
        return links;
    }

    /** A link value written as a string or an object with an id; the id, or null. */
    static String idOf(JsonNode value) {
        for (JsonNode node : Nodes.list(value)) {
            String id = Nodes.id(node);
            if (id != null) {
                return id;
            }
        }
        return null;
    }
}
