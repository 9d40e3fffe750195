package org.iiifml.iiif.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * Recognises Image API services among the services a resource lists, and works out their version and
 * level from whatever the document offers: {@code type}/{@code @type}, then {@code @context}, then the
 * profile URI (or {@code dcterms:conformsTo} in Presentation 1.0-era documents).
 */
public final class ImageServices {

    private static final Pattern LEVEL = Pattern.compile("level(\\d+)(?:\\.json)?$");

    private ImageServices() {
    }

    /** The image services in a {@code service} value (object, array, or strings), in document order. */
    public static List<ImageService> read(JsonNode serviceValue) {
        List<ImageService> services = new ArrayList<>();
        for (JsonNode node : Nodes.list(serviceValue)) {
            // A bare string names some service without saying what it is (often auth): not usable as an image service.
            if (node.isObject()) {
                read(node, null).ifPresent(services::add);
            }
        }
        return services;
    }

    /**
     * Reads one service object; empty when nothing marks it as an Image API service. {@code assumed} is the
     * version to take when the document is known to be an info.json but says nothing (may be null).
     */
    public static Optional<ImageService> read(JsonNode node, ImageApiVersion assumed) {
        String id = Nodes.id(node);
        if (id == null) {
            id = Nodes.text(node, "identifier");
        }
        String type = Nodes.type(node);
        String profile = profileUri(node);
        ImageApiVersion version = fromType(type);
        if (version == null) {
            version = fromContexts(Nodes.contexts(node));
        }
        if (version == null && profile != null) {
            version = fromProfile(profile);
        }
        if (version == null) {
            version = assumed;
        }
        if (version == null || id == null) {
            return Optional.empty();
        }
        return Optional.of(new ImageService(id, type, version, level(profile), profile));
    }

    /** The first profile URI: {@code profile} as a string or the first string in its array, else dcterms:conformsTo. */
    static String profileUri(JsonNode node) {
        for (JsonNode value : Nodes.list(node, "profile")) {
            if (value.isString()) {
                return value.stringValue();
            }
        }
        return Nodes.text(node, "dcterms:conformsTo");
    }

    static ImageApiVersion fromType(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "ImageService3", "iiif:ImageService3" -> ImageApiVersion.V3;
            case "ImageService2", "iiif:ImageService2" -> ImageApiVersion.V2;
            case "ImageService1", "iiif:ImageService1" -> ImageApiVersion.V1_1;
            default -> null;
        };
    }

    static ImageApiVersion fromContexts(List<String> contexts) {
        for (String context : contexts) {
            if (context.contains("iiif.io/api/image/3")) {
                return ImageApiVersion.V3;
            }
            if (context.contains("iiif.io/api/image/2")) {
                return ImageApiVersion.V2;
            }
            if (context.contains("iiif.io/api/image/1") || context.contains("image-api/1.1")) {
                return ImageApiVersion.V1_1;
            }
        }
        return null;
    }

    static ImageApiVersion fromProfile(String profile) {
        if (profile.contains("iiif.io/api/image/3")) {
            return ImageApiVersion.V3;
        }
        if (profile.contains("iiif.io/api/image/2")) {
            return ImageApiVersion.V2;
        }
        if (profile.contains("image-api/1.1")) {
            return ImageApiVersion.V1_1;
        }
        if (profile.contains("image-api/compliance.html") || profile.contains("image-api/1.0")) {
            return ImageApiVersion.V1_0;
        }
        return null;
    }

    /** 0, 1 or 2 from {@code …level1.json}, {@code level1} or {@code …#level1}; null for none or an invalid one. */
    static Integer level(String profile) {
        if (profile == null) {
            return null;
        }
        Matcher m = LEVEL.matcher(profile);
        if (!m.find()) {
            return null;
        }
        int level = Integer.parseInt(m.group(1));
        return level <= 2 ? level : null;
    }
}
