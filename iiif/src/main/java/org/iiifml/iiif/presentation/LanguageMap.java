package org.iiifml.iiif.presentation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Presentation 3 language map: language code to values, in document order. Codes are kept exactly as
 * written ({@code none}, {@code jp}, even {@code true}), except JSON-LD's {@code @none}, which is v3's {@code none};
 * values are never repaired or re-encoded.
 */
public record LanguageMap(Map<String, List<String>> values) {

    public static final String NONE = "none";
    public static final LanguageMap EMPTY = new LanguageMap(Map.of());

    public LanguageMap {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((language, texts) -> copy.put(language, List.copyOf(texts)));
        values = Collections.unmodifiableMap(copy);
    }

    public static LanguageMap of(String language, String value) {
        return new LanguageMap(Map.of(language, List.of(value)));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The first language code, or null when the map is empty. */
    public String firstLanguage() {
        return values.isEmpty() ? null : values.keySet().iterator().next();
    }

    /** The first value of the first language, or null. */
    public String firstValue() {
        return values.values().stream().filter(v -> !v.isEmpty()).map(v -> v.get(0)).findFirst().orElse(null);
    }
}
