package org.iiifml.gateway.docs;

import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Serves the services' OpenAPI contracts (from the openapi module on the classpath) under
 * {@code /api-docs/}, where the gateway's Swagger UI reads them. They come from the gateway itself, so the
 * documentation stays readable while a service is down.
 */
@Configuration(proxyBeanMethods = false)
class ContractsConfiguration implements WebFluxConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/api-docs/**")
                .addResourceLocations("classpath:/openapi/")
                .setMediaTypes(Map.of("yaml", MediaType.parseMediaType("application/yaml")));
    }
}
