package org.iiifml.support.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem as it goes on the wire. Members keep their order (type, title, status, detail,
 * instance, then extensions) so that responses read the same everywhere.
 */
public record Problem(ProblemType type, int status, String detail, String instance, Map<String, Object> extensions) {

    public Problem {
        extensions = Map.copyOf(extensions);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }
}
