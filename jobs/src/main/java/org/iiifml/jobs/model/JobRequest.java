package org.iiifml.jobs.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a client asks a job to work on: a manifest (one item per canvas, optionally only some canvases) or
 * a collection (one item per manifest), the service's own options, and an optional webhook.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequest(String manifestUrl, String collectionUrl, List<String> canvasIds, JsonNode options, Webhook webhook) {

    public JobRequest {
        canvasIds = canvasIds == null ? null : List.copyOf(canvasIds);
    }

    /** The source URL, whichever kind it is. */
    public String sourceUrl() {
        return manifestUrl != null ? manifestUrl : collectionUrl;
    }

    public boolean isCollection() {
        return collectionUrl != null;
    }

    /**
     * @param url receives a signed POST when the job ends
     * @param progress also POST (coalesced) as items finish
     */
    public record Webhook(String url, Boolean progress) {

        public Webhook {
            progress = Boolean.TRUE.equals(progress);
        }
    }
}
