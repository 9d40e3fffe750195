package org.iiifml.extractor.models;

import org.iiifml.extractor.api.ModelsApi;
import org.iiifml.extractor.api.model.ModelInfo;
import org.iiifml.extractor.api.model.ModelList;
import org.iiifml.extractor.detect.Detector;
import org.iiifml.inference.registry.ModelRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The detectors this instance has loaded. */
@RestController
class ModelsController implements ModelsApi {

    private final ModelRegistry<Detector> registry;

    ModelsController(ModelRegistry<Detector> registry) {
        this.registry = registry;
    }

    @Override
    public Mono<ResponseEntity<ModelList>> listModels(ServerWebExchange exchange) {
        return Mono.just(ResponseEntity.ok(new ModelList(registry.list().stream().map(this::info).toList())));
    }

    private ModelInfo info(ModelRegistry.Loaded<Detector> m) {
        var d = m.descriptor();
        return new ModelInfo(d.name(), d.version(), d.task(), d.contract(), d.labels(), d.licence(), d.source(), d.sha256(),
                m == registry.defaultModel(), m.model().executionProvider());
    }
}
