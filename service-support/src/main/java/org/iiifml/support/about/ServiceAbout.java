package org.iiifml.support.about;

import java.util.List;

/**
 * The {@code ServiceAbout} schema of openapi/common.yaml. The generated server interfaces use this type
 * directly (a schema mapping in the parent POM), so every service answers with the same class.
 */
public record ServiceAbout(String service, String version, String description, List<DependencyStatus> dependencies) {

    public ServiceAbout {
        dependencies = List.copyOf(dependencies);
    }
}
