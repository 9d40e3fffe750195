package org.iiifml.fetcher.documents;

import java.util.Map;
import org.iiifml.fetcher.api.DocumentsApi;
import org.iiifml.iiif.presentation.PresentationWriter;
import org.iiifml.iiif.presentation.PresentationVersion;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
class DocumentsController implements DocumentsApi {

    static final MediaType JSON_LD = MediaType.parseMediaType("application/ld+json");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DocumentService documents;
    private final JsonMapper mapper;

    DocumentsController(DocumentService documents, JsonMapper mapper) {
        this.documents = documents;
        this.mapper = mapper;
    }

    @Override
    public Mono<ResponseEntity<Map<String, Object>>> getManifest(String url, ServerWebExchange exchange) {
        return documents.manifest(url).map(manifest -> ResponseEntity.ok()
                .contentType(JSON_LD)
                .header("X-IIIF-Source-Version", manifest.sourceVersion() == PresentationVersion.V3 ? "3" : "2")
                .body(mapper.convertValue(PresentationWriter.toV3(manifest), MAP)));
    }

    @Override
    public Mono<ResponseEntity<Map<String, Object>>> getCollection(String url, ServerWebExchange exchange) {
        return documents.collection(url).map(full -> ResponseEntity.ok()
                .contentType(JSON_LD)
                .header("X-IIIF-Truncated", Boolean.toString(full.truncated()))
                .body(mapper.convertValue(PresentationWriter.toV3(full.collection()), MAP)));
    }
}
