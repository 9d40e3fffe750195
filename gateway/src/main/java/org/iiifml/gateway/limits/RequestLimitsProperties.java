package org.iiifml.gateway.limits;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the gateway lets through, before any service sees a request.
 *
 * @param maxBodySize the largest request body a route takes, by its {@code Content-Length}; more is a 413
 *     at the gateway (default 64MB; bodies sent chunked are capped by each service's own limits)
 * @param maxBodySizes per public prefix, where a route takes less or more than {@code maxBodySize}
 *     (default the fetcher's JSON-only routes, 1MB)
 * @param corsAllowedOrigins origins whose pages may call the API from a browser (default none)
 * @param corsAllowCredentials whether those calls may carry cookies or HTTP authentication (default false:
 *     the suite's credentials are bearer headers); never allowed with an origin of {@code *}
 */
@ConfigurationProperties("suite.gateway.requests")
public record RequestLimitsProperties(
        @DefaultValue("64MB") DataSize maxBodySize,
        Map<String, DataSize> maxBodySizes,
        List<String> corsAllowedOrigins,
        @DefaultValue("false") boolean corsAllowCredentials) {

    public RequestLimitsProperties {
        maxBodySizes = maxBodySizes == null ? Map.of("iiif", DataSize.ofMegabytes(1)) : Map.copyOf(maxBodySizes);
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        if (corsAllowCredentials && corsAllowedOrigins.stream().anyMatch(o -> o.contains("*"))) {
            throw new IllegalArgumentException("suite.gateway.requests.cors-allow-credentials cannot be true with a wildcard origin");
        }
    }

    public DataSize maxBodySize(String prefix) {
        return maxBodySizes.getOrDefault(prefix, maxBodySize);
    }
}
