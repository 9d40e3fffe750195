package org.iiifml.gateway.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the demo IIIF source under /demo/iiif when suite.demo.enabled is true, with CORS open so a
 * viewer in a browser can load it. Anything not in it is a 404 problem, like every other unknown path.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "suite.demo.enabled", havingValue = "true")
class DemoRoutes {

    private static final MediaType JSON_LD = MediaType.parseMediaType("application/ld+json");

    @Bean
    DemoSource demoSource(DemoProperties properties) {
        return new DemoSource(properties.baseUrl().toString());
    }

    @Bean
    RouterFunction<ServerResponse> demoRouter(DemoSource source, JsonMapper json) {
        return RouterFunctions.route()
                .GET("/demo/iiif", request -> serve(request, source, json))
                .GET("/demo/iiif/**", request -> serve(request, source, json))
                .build();
    }

    private static Mono<ServerResponse> serve(ServerRequest request, DemoSource source, JsonMapper json) {
        // "/demo/iiif" and "/demo/iiif/" are the index, the document under the empty path.
        String path = request.path().length() <= "/demo/iiif/".length() ? "" : request.path().substring("/demo/iiif/".length());
        return Mono.fromCallable(source::content).flatMap(content -> {
            var document = content.documents().get(path);
            if (document != null) {
                return ServerResponse.ok().contentType(path.endsWith("info.json") || path.isEmpty() ? MediaType.APPLICATION_JSON : JSON_LD)
                        .header("Access-Control-Allow-Origin", "*")
                        .bodyValue(json.writeValueAsBytes(document));
            }
            if (path.startsWith("images/")) {
                byte[] image = content.images().get(path.substring("images/".length()));
                if (image != null) {
                    return ServerResponse.ok().contentType(MediaType.IMAGE_JPEG)
                            .header("Access-Control-Allow-Origin", "*")
                            .bodyValue(image);
                }
            }
            return Mono.error(new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        });
    }
}
