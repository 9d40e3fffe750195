package org.iiifml.fetcher.documents;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.iiifml.iiif.presentation.PresentationVersion;
import org.iiifml.iiif.presentation.PresentationWriter;
import org.iiifml.iiif.presentation.PresentationWriter.Written;
import org.iiifml.fetcher.api.DocumentsApi;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
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
    public Mono<ResponseEntity<Map<String, Object>>> getManifest(String url, String presentation, ServerWebExchange exchange) {
        boolean v2 = wantsV2(presentation);
        return documents.manifest(url).map(manifest -> {
            checkWritable(v2, manifest.sourceVersion(), "manifest");
            Written written = v2 ? new Written(PresentationWriter.toV2(manifest), List.of())
                    : PresentationWriter.writeV3(manifest, URI.create(url));
            return withRepairs(ResponseEntity.ok(), written.repairs())
                    .contentType(JSON_LD)
                    .header("X-IIIF-Source-Version", manifest.sourceVersion() == PresentationVersion.V3 ? "3" : "2")
                    .body(mapper.convertValue(written.json(), MAP));
        });
    }

    @Override
    public Mono<ResponseEntity<Map<String, Object>>> getCollection(String url, String presentation, ServerWebExchange exchange) {
        boolean v2 = wantsV2(presentation);
        return documents.collection(url).map(full -> {
            checkWritable(v2, full.collection().sourceVersion(), "collection");
            Written written = v2 ? new Written(PresentationWriter.toV2(full.collection()), List.of())
                    : PresentationWriter.writeV3(full.collection());
            return withRepairs(ResponseEntity.ok(), written.repairs())
                    .contentType(JSON_LD)
                    .header("X-IIIF-Truncated", Boolean.toString(full.truncated()))
                    .body(mapper.convertValue(written.json(), MAP));
        });
    }

    /**
     * {@code X-IIIF-Repairs}: what was changed so that the answer is valid Presentation 3, the notes joined
     * by "; ", in printable ASCII (a rights value may hold anything) and at most {@value #MAX_REPAIRS_HEADER}
     * characters. Absent when nothing was changed.
     */
    static ResponseEntity.BodyBuilder withRepairs(ResponseEntity.BodyBuilder response, List<String> repairs) {
        if (repairs.isEmpty()) {
            return response;
        }
        String value = String.join("; ", repairs).replaceAll("[^\\x20-\\x7E]", "?");
        if (value.length() > MAX_REPAIRS_HEADER) {
            value = value.substring(0, MAX_REPAIRS_HEADER - 3) + "...";
        }
        return response.header("X-IIIF-Repairs", value);
    }

    static final int MAX_REPAIRS_HEADER = 2000;

    private static boolean wantsV2(String presentation) {
        if (presentation == null || presentation.equals("3")) {
            return false;
        }
        if (presentation.equals("2")) {
            return true;
        }
        throw new ProblemException(ProblemType.BAD_REQUEST, "presentation is 2 or 3");
    }

    /** 2.1 is written only for what was published in 2.x: a 3.0 document would lose what 2.1 cannot say. */
    private static void checkWritable(boolean v2, PresentationVersion source, String kind) {
        if (v2 && source == PresentationVersion.V3) {
            throw new ProblemException(ProblemType.UNPROCESSABLE,
                    "the " + kind + " was published as Presentation 3; it is served as 3, not written back as 2.1");
        }
    }
}
