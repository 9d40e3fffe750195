package org.iiifml.classifier.models;

import org.iiifml.classifier.api.ModelsApi;
import org.iiifml.classifier.api.model.ModelInfo;
import org.iiifml.classifier.api.model.ModelList;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The models this instance has loaded. */
@RestController
class ModelsController implements ModelsApi {

    private final ModelRegistry registry;

    ModelsController(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Mono<ResponseEntity<ModelList>> listModels(ServerWebExchange exchange) {
        LoadedModel fallback = registry.defaultModel();
        return Mono.just(ResponseEntity.ok(new ModelList(registry.list().stream().map(m -> {
            var d = m.descriptor();
            return new ModelInfo(d.name(), d.version(), d.task(), d.contract(), d.labels().size(), d.licence(), d.source(), d.sha256(),
                    m == fallback, m.model().executionProvider());
        }).toList())));
    }
}
