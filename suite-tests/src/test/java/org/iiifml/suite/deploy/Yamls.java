package org.iiifml.suite.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Dotted-path access into parsed YAML, failing with the path when a step is missing. */
final class Yamls {

    private Yamls() {
    }

    @SuppressWarnings("unchecked")
    static <T> T get(Map<String, ?> root, String path) {
        Object current = root;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(step)) {
                throw new AssertionError("missing '" + path + "' (at '" + step + "')");
            }
            current = map.get(step);
        }
        return (T) current;
    }

    static <K, V> Map<K, V> map(Map<String, ?> root, String path) {
        return get(root, path);
    }

    /** A mutable copy of the list at the path. */
    static <T> List<T> list(Map<String, ?> root, String path) {
        List<T> list = get(root, path);
        return new ArrayList<>(list);
    }

    static <T> List<T> listOrEmpty(Map<String, ?> root, String path) {
        try {
            return list(root, path);
        } catch (AssertionError missing) {
            return new ArrayList<>();
        }
    }
}
