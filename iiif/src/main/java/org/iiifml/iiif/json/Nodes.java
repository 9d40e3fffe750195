package org.iiifml.iiif.json;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Tolerant access to IIIF JSON as institutions really write it: {@code @id} or {@code id}, one value or
 * an array of them, numbers written as strings.
 */
public final class Nodes {

    private Nodes() {
    }

    /** The first present of the given properties, or null. */
    public static JsonNode first(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    /** The string value of the first present property (a string, or a number written out), or null. */
    public static String text(JsonNode node, String... names) {
        JsonNode value = first(node, names);
        if (value == null) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asString();
        }
        return null;
    }

    /** {@code id}, else {@code @id}; a plain string node is its own id. */
    public static String id(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        return text(node, "id", "@id");
    }

    /** {@code type}, else {@code @type} (the first, when an array). */
    public static String type(JsonNode node) {
        JsonNode value = first(node, "type", "@type");
        if (value == null) {
            return null;
        }
        if (value.isArray()) {
            return value.isEmpty() ? null : value.get(0).asString();
        }
        return value.isString() ? value.stringValue() : null;
    }

    /** The value as a list: an array's elements, a single value alone, nothing for null. */
    public static List<JsonNode> list(JsonNode value) {
        List<JsonNode> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                items.add(item);
            }
        } else {
            items.add(value);
        }
        return items;
    }

    public static List<JsonNode> list(JsonNode node, String... names) {
        return list(first(node, names));
    }

    /**
     * A dimension as written: a number, or a number in a string (as Presentation 1.0-era documents do).
     * Absent or unreadable gives null; zero stays zero (callers must never divide by it).
     */
    public static Integer dimension(JsonNode node, String name) {
        JsonNode value = first(node, name);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.canConvertToInt() ? value.intValue() : null;
        }
        if (value.isString()) {
            try {
                return Integer.valueOf(value.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static Double decimal(JsonNode node, String name) {
        JsonNode value = first(node, name);
        if (value != null && value.isNumber()) {
            return value.doubleValue();
        }
        if (value != null && value.isString()) {
            try {
                return Double.valueOf(value.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Sets a string property only when there is a value: writers leave absent properties out. */
    public static void putIfSet(tools.jackson.databind.node.ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    public static void putIfSet(tools.jackson.databind.node.ObjectNode node, String name, Integer value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    public static void putIfSet(tools.jackson.databind.node.ObjectNode node, String name, Double value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /** Every string in {@code @context} (string or array of strings and objects). */
    public static List<String> contexts(JsonNode node) {
        List<String> contexts = new ArrayList<>();
        for (JsonNode value : list(first(node, "@context"))) {
            if (value.isString()) {
                contexts.add(value.stringValue());
            }
        }
        return contexts;
    }
}
