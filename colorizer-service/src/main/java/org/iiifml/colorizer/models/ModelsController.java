package org.iiifml.colorizer.models;

import org.iiifml.colorizer.api.ModelsApi;
import org.iiifml.colorizer.api.model.ModelInfo;
import org.iiifml.colorizer.api.model.ModelList;
import org.iiifml.inference.registry.ModelRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The colourisation models this instance has loaded. */
@RestController
class ModelsController implements ModelsApi {

    private final ModelRegistry<LoadedColorizer> registry;

    ModelsController(ModelRegistry<LoadedColorizer> registry) {
        this.registry = registry;
    }

    @Override
    public Mono<ResponseEntity<ModelList>> listModels(ServerWebExchange exchange) {
        var fallback = registry.defaultModel();
        return Mono.just(ResponseEntity.ok(new ModelList(registry.list().stream().map(m -> {
            var d = m.descriptor();
            return new ModelInfo(d.name(), d.version(), d.task(), d.contract(), d.labels(), d.licence(), d.source(), d.sha256(),
                    m == fallback, m.model().model().executionProvider());
        }).toList())));
    }
}
