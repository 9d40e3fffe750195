package org.iiifml.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the gateway sends each public API prefix.
 *
 * @param services public prefix (the part after {@code /api/}) to the base URL of the service serving it;
 *     defaults in application.yaml: iiif 8081, classifier 8082, extractor 8083, colorizer 8084, trainer 8085
 * @param connectTimeout TCP connect timeout to a service (default 5s)
 * @param responseTimeout longest wait for a service's response headers (default 120s: model calls on a CPU
 *     can be slow, and long work runs as jobs)
 * @param trustedProxies the address blocks (CIDR) of proxies in front of the gateway (an ingress) whose
 *     {@code X-Forwarded-*} headers it believes and passes on (default none: the Host a client called is
 *     the public address). {@code suite.public-base-url}, where set, wins over both.
 * @param demoSource the demo IIIF source (the demo-source module) that {@code /demo/iiif} is routed to;
 *     run-local.sh sets it (default none: no demo route, as in a deployment)
 */
@ConfigurationProperties("suite.gateway")
public record GatewayRoutesProperties(
        Map<String, URI> services,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("120s") Duration responseTimeout,
        List<String> trustedProxies,
        URI demoSource) {

    public GatewayRoutesProperties {
        services = services == null ? Map.of() : Map.copyOf(new TreeMap<>(services));
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        for (String prefix : services.keySet()) {
            if (!prefix.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("suite.gateway.services." + prefix
                        + ": a prefix is lower-case letters, digits and '-'");
            }
        }
    }
}
