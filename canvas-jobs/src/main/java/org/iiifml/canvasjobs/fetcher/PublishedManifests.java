package org.iiifml.canvasjobs.fetcher;

import java.util.Map;
import org.iiifml.client.fetcher.api.DocumentsApi;
import reactor.core.publisher.Mono;

/** A manifest as its publisher wrote it, through the fetcher, for services that annotate it. */
public final class PublishedManifests {

    private PublishedManifests() {
    }

    /**
     * The manifest in its own Presentation version: the fetcher normalises to v3 and says the source's
     * version, and a v2 source is asked for again as 2.1 so that an annotated v2 manifest stays v2.
     * Fetcher problems become the matching problem responses.
     */
    public static Mono<Map<String, Object>> get(DocumentsApi documents, String manifestUrl) {
        return documents.getManifestWithHttpInfo(manifestUrl, null)
                .flatMap(v3 -> "2".equals(v3.getHeaders().getFirst("X-IIIF-Source-Version"))
                        ? documents.getManifest(manifestUrl, "2") : Mono.just(v3.getBody()))
                .onErrorMap(FetcherProblems::translate);
    }
}
