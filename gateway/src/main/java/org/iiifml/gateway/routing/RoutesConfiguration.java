package org.iiifml.gateway.routing;

import org.iiifml.support.publicurl.PublicUrlProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One route per public prefix: {@code /api/<prefix>/**} goes to that service unchanged, so a service
 * serves the same paths directly and through the gateway, and its contract holds for both. Where a demo
 * source is configured, {@code /demo/iiif/**} goes to it.
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
                .metadata(CONNECT_TIMEOUT, (int) properties.connectTimeout().toMillis())
                .metadata(RESPONSE_TIMEOUT, properties.responseTimeout().toMillis())
                .uri(uri)));
        if (properties.demoSource() != null) {
            routes.route("demo-source", route -> route.path("/demo/iiif", "/demo/iiif/**")
                    .metadata(CONNECT_TIMEOUT, (int) properties.connectTimeout().toMillis())
                    .metadata(RESPONSE_TIMEOUT, properties.responseTimeout().toMillis())
                    .uri(properties.demoSource()));
        }
        return routes.build();
    }

    @Bean
    ForwardedHeaders forwardedHeaders(PublicUrlProperties suite, GatewayRoutesProperties gateway) {
        return new ForwardedHeaders(suite, gateway);
    }
}
