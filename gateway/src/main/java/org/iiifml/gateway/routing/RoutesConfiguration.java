package org.iiifml.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.iiifml.support.publicurl.PublicUrlProperties;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One route per public prefix: {@code /api/<prefix>/**} goes to that service unchanged, so a service
 * serves the same paths directly and through the gateway, and its contract holds for both. Each service
 * route has its own timeouts and circuit breaker; nothing is retried, so a POST reaches a service at most
 * once. Where a demo source is configured, {@code /demo/iiif/**} goes to it.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfiguration {

    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String RESPONSE_TIMEOUT = "response-timeout";

    @Bean
    RouteLocator serviceRoutes(RouteLocatorBuilder builder, GatewayRoutesProperties properties) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        properties.services().forEach((prefix, uri) -> routes.route(prefix, route -> route
                .path("/api/" + prefix, "/api/" + prefix + "/**")
                .filters(f -> properties.circuitBreaker().enabled() ? f.circuitBreaker(c -> c.setName(prefix)) : f)
                .metadata(CONNECT_TIMEOUT, (int) properties.connectTimeout().toMillis())
                .metadata(RESPONSE_TIMEOUT, properties.responseTimeout(prefix).toMillis())
                .uri(uri)));
        if (properties.demoSource() != null) {
            routes.route("demo-source", route -> route.path("/demo/iiif", "/demo/iiif/**")
                    .metadata(CONNECT_TIMEOUT, (int) properties.connectTimeout().toMillis())
                    .metadata(RESPONSE_TIMEOUT, properties.responseTimeout().toMillis())
                    .uri(properties.demoSource()));
        }
        return routes.build();
    }

    /**
     * The breakers' settings. They keep no time limit of their own (disable-time-limiter in application.yaml):
     * the route's response timeout ends a wait for headers and counts as a failure; a body streams on.
     */
    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakers(GatewayRoutesProperties properties) {
        GatewayRoutesProperties.CircuitBreaker breaker = properties.circuitBreaker();
        return factory -> properties.services().keySet().forEach(prefix -> factory.configure(builder -> builder
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(breaker.window())
                        .minimumNumberOfCalls(breaker.minimumCalls())
                        .failureRateThreshold(breaker.failureRate())
                        .waitDurationInOpenState(breaker.openFor())
                        .build()), prefix));
    }

    /**
     * The gateway's public address and its callers' addresses: on the proxies in front of it
     * ({@code suite.gateway.trusted-proxies}), not on the services' setting, which trusts the gateway.
     */
    @Bean
    PublicUrls publicUrls(PublicUrlProperties suite, GatewayRoutesProperties gateway) {
        return new PublicUrls(new PublicUrlProperties(suite.publicBaseUrl(), gateway.trustedProxies()));
    }

    @Bean
    ForwardedHeaders forwardedHeaders(PublicUrls publicUrls) {
        return new ForwardedHeaders(publicUrls);
    }
}
