package org.iiifml.jobs.engine;

import java.util.List;
import java.util.Map;
import org.iiifml.jobs.model.JobRequest;
import org.iiifml.jobs.model.PlannedItem;
import tools.jackson.databind.JsonNode;

/**
 * What a service does with its jobs. {@link #accept} runs on a request's thread; the others run on the job
 * runner's own threads and may block. A {@link org.iiifml.support.problem.ProblemException} refuses the
 * request (from {@link #accept}), fails the job (from {@link #plan}) or the item (from {@link #process})
 * with that problem; any other exception too, with an internal-error problem that names no internals.
 */
public interface JobWorker {

    /**
     * Checks a request before any job exists (throw a ProblemException with a 4xx type) and answers, from
     * one reading of its options, the request as the job keeps it and what its results will depend on.
     */
    Accepted accept(JobRequest request);

    /** Reads the job's source into its items: the canvases of a manifest, the manifests of a collection. */
    List<PlannedItem> plan(JobRequest request);

    /** Works on one item and answers its result (kept as JSON with the item), or null for none. */
    JsonNode process(JobRequest request, PlannedItem item);

    /** As {@link #process(JobRequest, PlannedItem)}, for a worker that needs to know the job (to read its other items). */
    default JsonNode process(java.util.UUID jobId, JobRequest request, PlannedItem item) {
        return process(request, item);
    }

    /** Whether this item's failure fails its whole job (the job's own result depends on it); by default no item's does. */
    default boolean failsJob(PlannedItem item) {
        return false;
    }

    /**
     * A request as accepted.
     *
     * @param request what the job keeps: a worker pins what may change later (a model named without a
     *     version becomes name:version), so that every item of the job, and a retry, use the same; the
     *     client's own body is what idempotency compares
     * @param reproducibility what the results depend on, recorded with the job: model name, version and
     *     sha256, software version, thresholds, the IIIF request sizes
     */
    record Accepted(JobRequest request, Map<String, Object> reproducibility) {
    }
}
