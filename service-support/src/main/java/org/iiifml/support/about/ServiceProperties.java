package org.iiifml.support.about;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service describes itself in its about endpoint.
 *
 * @param description one sentence on what the service does (each service sets its own; default empty)
 */
@ConfigurationProperties("suite.service")
public record ServiceProperties(@DefaultValue("") String description) {
}
