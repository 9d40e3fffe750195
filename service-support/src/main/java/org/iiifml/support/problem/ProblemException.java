package org.iiifml.support.problem;

import java.util.Map;

/**
 * Thrown by service code to answer with a problem of a given type. The detail is shown to the client, so
 * it must say what was wrong with the request and never echo internals.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of(), null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> properties, Throwable cause) {
        super(detail, cause);
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public ProblemType type() {
        return type;
    }

    /** Extension members of the problem object (RFC 9457 section 3.2). */
    public Map<String, Object> properties() {
        return properties;
    }
}
