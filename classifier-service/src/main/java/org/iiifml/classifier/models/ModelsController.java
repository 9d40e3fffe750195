package org.iiifml.classifier.models;

import org.iiifml.classifier.api.ModelsApi;
import org.iiifml.classifier.api.model.ModelImport;
import org.iiifml.classifier.api.model.ModelInfo;
import org.iiifml.classifier.api.model.ModelList;
import org.iiifml.classifier.config.ClassifierProperties;
import org.iiifml.inference.registry.ModelRegistry;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** The models this instance has loaded, and imports from a URL where the operator allows them. */
@RestController
class ModelsController implements ModelsApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelRegistry<LoadedModel> registry;
    private final ModelImporter importer;
    private final ClassifierProperties properties;

    ModelsController(ModelRegistry<LoadedModel> registry, ModelImporter importer, ClassifierProperties properties) {
        this.registry = registry;
        this.importer = importer;
        this.properties = properties;
    }

    @Override
    public Mono<ResponseEntity<ModelList>> listModels(ServerWebExchange exchange) {
        return Mono.just(ResponseEntity.ok(new ModelList(registry.list().stream().map(this::info).toList())));
    }

    @Override
    public Mono<ResponseEntity<ModelInfo>> importModel(Mono<ModelImport> modelImport, ServerWebExchange exchange) {
        if (!properties.adminImports()) {
            return Mono.error(new ProblemException(ProblemType.ADMIN_DISABLED,
                    "model imports through the API are off (suite.classifier.admin-imports); use the import-model command"));
        }
        // The gateway asks for admin already; a service checks the signed identity too, as it does for jobs.
        Mono<ClientIdentity> admin = ClientIdentity.current().filter(identity -> identity.has(ClientIdentity.ADMIN))
                .switchIfEmpty(Mono.error(new ProblemException(ProblemType.FORBIDDEN, "importing a model needs the admin scope")));
        return admin.then(modelImport).publishOn(Schedulers.boundedElastic()).map(request -> {
            ModelDescriptor descriptor;
            try {
                descriptor = JSON.convertValue(request.getDescriptor(), ModelDescriptor.class);
            } catch (RuntimeException e) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "descriptor is not a valid model.json: " + rootMessage(e));
            }
            byte[] onnx = importer.download(request.getUrl().toString());
            ModelRegistry.Loaded<LoadedModel> loaded = registry.load(importer.importModel(descriptor, onnx, request.getSha256()));
            return ResponseEntity.status(HttpStatus.CREATED).body(info(loaded));
        });
    }

    private ModelInfo info(ModelRegistry.Loaded<LoadedModel> m) {
        var d = m.descriptor();
        return new ModelInfo(d.name(), d.version(), d.task(), d.contract(), d.labels(), d.licence(), d.source(), d.sha256(),
                m == registry.defaultModel(), m.model().model().executionProvider());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
