package org.iiifml.canvasjobs.fetcher;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a model service finds the iiif-fetcher, the only component allowed to talk to outside servers.
 *
 * @param baseUrl the fetcher's base URL (default {@code http://localhost:8081})
 * @param connectTimeout TCP connect timeout (default 2s)
 * @param probeTimeout how long the dependency check in the about endpoint waits (default 3s)
 * @param maxResponseBytes largest answer read from the fetcher, a manifest or an image (default 64MB)
 * @param responseTimeout longest wait for one answer of the fetcher, which may itself be waiting on a slow
 *     IIIF server (default 150s)
 */
@ConfigurationProperties("suite.fetcher")
public record FetcherClientProperties(
        @DefaultValue("http://localhost:8081") URI baseUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("3s") Duration probeTimeout,
        @DefaultValue("64MB") org.springframework.util.unit.DataSize maxResponseBytes,
        @DefaultValue("150s") Duration responseTimeout) {
}
