package org.iiifml.iiif.presentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iiifml.iiif.image.ImageService;
import org.iiifml.iiif.image.ImageServices;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/** Content resources and links, read the same way from v2 and v3 documents. */
final class Resources {

    private static final Pattern XYWH = Pattern.compile("xywh=(?:pixel:)?(\\d+,\\d+,\\d+,\\d+)");

    private Resources() {
    }

    /**
     * A content resource; a SpecificResource becomes its source with the selected region. A resource
     * without a type gets the one {@link #inferType} finds, else {@code defaultType}: null where the
     * property says nothing of its values (v3), "Image" where the property holds only images by
     * definition (v2 {@code images} and {@code thumbnail}).
     */
    static ContentResource content(JsonNode node, String defaultType) {
        if (node.isString()) {
            return new ContentResource(node.stringValue(), defaultType, null, null, null, null, LanguageMap.EMPTY, List.of(), null);
        }
        String type = normaliseType(Nodes.type(node), null);
        if ("SpecificResource".equals(type)) {
            JsonNode source = Nodes.first(node, "source", "full");
            ContentResource base = source == null
                    ? new ContentResource(null, defaultType, null, null, null, null, LanguageMap.EMPTY, List.of(), null)
                    : content(source, defaultType);
            return new ContentResource(base.id(), base.type(), base.format(), base.width(), base.height(),
                    base.duration(), base.label(), base.services(), region(node.get("selector")));
        }
        String format = Nodes.text(node, "format");
        List<ImageService> services = ImageServices.read(Nodes.first(node, "service", "services"));
        if (type == null) {
            type = inferType(format, !services.isEmpty());
        }
        if (type == null) {
            type = defaultType;
        }
        return new ContentResource(Nodes.id(node), type, format,
                Nodes.dimension(node, "width"), Nodes.dimension(node, "height"), Nodes.decimal(node, "duration"),
                Languages.read(node.get("label")), services, null);
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

    /**
     * v2 type names to the v3 ones: any known prefix ({@code dctypes:}, {@code dcterms:}, {@code dc:},
     * {@code oa:}, {@code sc:}, {@code iiif:}, {@code as:}, written in any case) or the full DCMI/W3C URI,
     * then the local name (a DCMI {@code StillImage} is an Image, {@code MovingImage} a Video). Unknown
     * names stay as written; no type gives {@code defaultType}.
     */
    static String normaliseType(String type, String defaultType) {
        if (type == null || type.isBlank()) {
            return defaultType;
        }
        String local = localName(type);
        return switch (local) {
            case "Image", "StillImage" -> "Image";
            case "Sound" -> "Sound";
            case "MovingImage", "Video" -> "Video";
            case "Text", "ContentAsText" -> "Text";
            case "Dataset" -> "Dataset";
            case "SpecificResource", "Choice", "Annotation", "TextualBody", "Canvas", "Manifest", "Collection",
                    "Range", "AnnotationPage", "AnnotationCollection" -> local;
            case "AnnotationList" -> "AnnotationPage";
            case "Layer" -> "AnnotationCollection";
            default -> type;
        };
    }

    private static final Pattern PREFIXED = Pattern.compile("(?i)^(?:dctypes|dcterms|dcmitype|dc|oa|sc|iiif|as|cnt):(.+)$");
    private static final Pattern VOCABULARY_URI = Pattern.compile(
            "^https?://(?:purl\\.org/dc/dcmitype/|www\\.w3\\.org/ns/oa#|iiif\\.io/api/presentation/[23]#|www\\.w3\\.org/ns/activitystreams#)(.+)$");

    private static String localName(String type) {
        if (type.indexOf(':') < 0) {
            return type; // the usual case, v3 names: no pattern to try
        }
        Matcher m = PREFIXED.matcher(type);
        if (m.matches()) {
            return m.group(1);
        }
        m = VOCABULARY_URI.matcher(type);
        return m.matches() ? m.group(1) : type;
    }

    /**
     * The type of a resource that states none, where what it says leaves no doubt: its {@code format}'s
     * top-level media type (image, audio, video, text), else an Image API service (only images have one).
     * Null otherwise: a type is never invented from nothing.
     */
    static String inferType(String format, boolean hasImageService) {
        if (format != null) {
            String top = format.toLowerCase(Locale.ROOT).split("/", 2)[0].trim();
            switch (top) {
                case "image":
                    return "Image";
                case "audio":
                    return "Sound";
                case "video":
                    return "Video";
                case "text":
                    return "Text";
                default:
                    break;
            }
        }
        return hasImageService ? "Image" : null;
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
