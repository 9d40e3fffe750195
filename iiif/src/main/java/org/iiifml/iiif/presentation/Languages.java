package org.iiifml.iiif.presentation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * Reads every way real documents write a label or value into a {@link LanguageMap}: v3 language maps
 * (also where a v2 document uses them), v2 strings, {@code @value}/{@code @language} objects (also
 * without the {@code @}), and arrays of any of these. Non-string values (a JSON boolean in a map) are
 * written out as text rather than dropped. The key {@code @none} is read as {@code none}.
 */
final class Languages {

    private Languages() {
    }

    static LanguageMap read(JsonNode value) {
        if (value == null || value.isNull()) {
            return LanguageMap.EMPTY;
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        collect(value, map);
        return new LanguageMap(map);
    }

    private static void collect(JsonNode value, Map<String, List<String>> map) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                collect(item, map);
            }
        } else if (value.isObject()) {
            JsonNode text = Nodes.first(value, "@value", "value");
            if (text != null && !text.isObject() && !text.isArray()) {
                String language = Nodes.text(value, "@language", "language");
                add(map, language == null || language.isEmpty() ? LanguageMap.NONE : language, text.asString());
            } else {
                // A v3 language map: {"en": ["…"], "none": "…"}.
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    String language = language(entry.getKey());
                    for (JsonNode item : Nodes.list(entry.getValue())) {
                        if (!item.isObject() && !item.isArray()) {
                            add(map, language, item.asString());
                        }
                    }
                    map.computeIfAbsent(language, k -> new ArrayList<>());
                }
            }
        } else {
            add(map, LanguageMap.NONE, value.asString());
        }
    }

    /**
     * A language map key as v3 spells it: JSON-LD's {@code @none} (written by documents that use JSON-LD
     * language maps) is v3's {@code none}. Every other key is kept as written.
     */
    private static String language(String key) {
        return "@none".equals(key) ? LanguageMap.NONE : key;
    }

    private static void add(Map<String, List<String>> map, String language, String text) {
        map.computeIfAbsent(language, k -> new ArrayList<>()).add(text);
    }

    static List<MetadataEntry> metadata(JsonNode value) {
        List<MetadataEntry> entries = new ArrayList<>();
        for (JsonNode entry : Nodes.list(value)) {
            if (entry.isObject()) {
                entries.add(new MetadataEntry(read(entry.get("label")), read(entry.get("value"))));
            }
        }
        return entries;
    }
}
