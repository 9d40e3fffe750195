package org.iiifml.demo;

import java.awt.image.BufferedImage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the demo IIIF source under /demo/iiif, with CORS open so a viewer in a browser can load it.
 * Anything not in it is a 404 problem, like every other unknown path.
 */
@Configuration(proxyBeanMethods = false)
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
                String image = path.substring("images/".length());
                byte[] bytes = content.images().get(image);
                int slash = image.indexOf('/');
                BufferedImage picture = slash < 0 ? null : content.levelTwo().get(image.substring(0, slash));
                if (picture != null) {
                    return Mono.fromCallable(() -> LevelTwoImages.render(picture, image.substring(slash + 1)))
                            .subscribeOn(Schedulers.boundedElastic()) // drawing is CPU work: off the event loop
                            .onErrorMap(e -> e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException,
                                    e -> new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage()))
                            .flatMap(answer -> ServerResponse.ok().contentType(MediaType.parseMediaType(answer.mediaType()))
                                    .header("Access-Control-Allow-Origin", "*")
                                    .bodyValue(answer.bytes()));
                }
                if (bytes != null) {
                    return ServerResponse.ok().contentType(MediaType.IMAGE_JPEG)
                            .header("Access-Control-Allow-Origin", "*")
                            .bodyValue(bytes);
                }
            }
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
        });
    }
}
