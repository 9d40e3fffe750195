package org.iiifml.support.about;

import org.iiifml.support.api.AboutApi;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The about operation of every service (openapi/about.yaml), under the service's own prefix
 * ({@code suite.service.api-prefix}, e.g. /api/classifier).
 */
@RestController
@RequestMapping("${suite.service.api-prefix}")
public class AboutController implements AboutApi {

    private final AboutService about;

    public AboutController(AboutService about) {
        this.about = about;
    }

    @Override
    public Mono<ResponseEntity<ServiceAbout>> getAbout(ServerWebExchange exchange) {
        return about.describe().map(ResponseEntity::ok);
    }
}
