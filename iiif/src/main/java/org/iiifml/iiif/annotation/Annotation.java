package org.iiifml.iiif.annotation;

import java.util.List;

/**
 * A W3C Web Annotation (or a v2 Open Annotation read into the same shape). Motivations are kept as
 * written ({@code oa:commenting} in v2, {@code commenting} in v3).
 */
public record Annotation(String id, List<String> motivations, List<Body> bodies, Target target, Generator generator) {

    public Annotation {
        motivations = List.copyOf(motivations);
        bodies = List.copyOf(bodies);
    }
}
