package org.iiifml.fetcher.about;

import org.iiifml.fetcher.api.AboutApi;
import org.iiifml.support.about.AboutService;
import org.iiifml.support.about.ServiceAbout;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
class AboutController implements AboutApi {

    private final AboutService about;

    AboutController(AboutService about) {
        this.about = about;
    }

    @Override
    public Mono<ResponseEntity<ServiceAbout>> getAbout(ServerWebExchange exchange) {
        return about.describe().map(ResponseEntity::ok);
    }
}
