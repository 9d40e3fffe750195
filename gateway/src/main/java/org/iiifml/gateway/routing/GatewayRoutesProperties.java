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
 * @param responseTimeouts per public prefix, where a service's route waits less or more than
 *     {@code responseTimeout} (default none)
 * @param circuitBreaker when to stop calling a service that keeps failing
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
        Map<String, Duration> responseTimeouts,
        List<String> trustedProxies,
        URI demoSource,
        @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * One breaker per service route: it opens when, of the last {@code window} calls (at least
     * {@code minimumCalls}), {@code failureRate} percent or more could not connect or timed out, and then
     * answers 503 problems at once for {@code openFor}, before letting a few calls through to try again.
     * A service's own error answers (4xx, 5xx) are its answers, not failures of the route.
     *
     * @param enabled breakers on (default true)
     * @param window calls the failure rate is taken over (default 20)
     * @param minimumCalls calls before the rate counts (default 10)
     * @param failureRate percent of failed calls that opens the breaker (default 50)
     * @param openFor how long an open breaker refuses before it tries again (default 10s)
     */
    public record CircuitBreaker(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20") int window,
            @DefaultValue("10") int minimumCalls,
            @DefaultValue("50") float failureRate,
            @DefaultValue("10s") Duration openFor) {
    }

    public Duration responseTimeout(String prefix) {
        return responseTimeouts.getOrDefault(prefix, responseTimeout);
    }

    public GatewayRoutesProperties {
        services = services == null ? Map.of() : Map.copyOf(new TreeMap<>(services));
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        responseTimeouts = responseTimeouts == null ? Map.of() : Map.copyOf(responseTimeouts);
        for (String prefix : services.keySet()) {
            if (!prefix.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("suite.gateway.services." + prefix
                        + ": a prefix is lower-case letters, digits and '-'");
            }
        }
    }
}
