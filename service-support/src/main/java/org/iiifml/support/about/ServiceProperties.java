package org.iiifml.support.about;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service describes itself in its about endpoint.
 *
 * @param description one sentence on what the service does (each service sets its own; default empty)
 * @param apiPrefix the path its operations are under, e.g. {@code /api/classifier}; a service that sets it
 *     gets the shared about operation (and, with jobs, the job operations) there (default empty: none)
 */
@ConfigurationProperties("suite.service")
public record ServiceProperties(@DefaultValue("") String description, @DefaultValue("") String apiPrefix) {
}
