package org.iiifml.jobs.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A job as clients see it. {@code items} is present on a single job, absent in lists. A job whose items
 * partly failed is {@code succeeded}, its failed items carrying their problems; it is {@code failed} when
 * its source could not be read or every item failed. Its {@code owner} is the client that created it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(UUID id, String state, String owner, Progress progress, List<Item> items, JobRequest parameters,
        JsonNode reproducibility, JsonNode problem, Instant createdAt, Instant updatedAt, Instant finishedAt) {

    /** Counts of items; {@code done} counts succeeded items. */
    public record Progress(int total, int done, int failed) {
    }

    /**
     * One unit of work: a canvas of a manifest or a manifest of a collection.
     *
     * @param index position in the job, from 0
     * @param id canvas id or manifest URL
     * @param attempts times the item was claimed; more than one means a worker died or let it go
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, String id, String label, String state, int attempts, JsonNode problem, JsonNode result,
            Instant startedAt, Instant finishedAt) {
    }
}
