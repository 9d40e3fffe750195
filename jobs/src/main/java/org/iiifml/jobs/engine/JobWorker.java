package org.iiifml.jobs.engine;

import java.util.List;
import java.util.Map;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.jobs.api.JobRequest;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import tools.jackson.databind.JsonNode;

/**
 * What a service does with its jobs. Methods other than {@link #validate} run on the job runner's own
 * threads and may block. A {@link org.iiifml.support.problem.ProblemException} fails the job (from
 * {@link #plan}) or the item (from {@link #process}) with that problem; any other exception too, with an
 * internal-error problem that names no internals.
 */
public interface JobWorker {

    /** Refuses a request before any job exists; throw a ProblemException with a 4xx type. */
    default void validate(JobRequest request) {
    }

    /**
     * The request as the job keeps it, after validation: a worker pins what may change later (e.g. a model
     * named without a version becomes name:version), so that every item of the job, and a retry, use the
     * same. The client's own body is what idempotency compares.
     */
    default JobRequest prepare(JobRequest request) {
        return request;
    }

    /**
     * What the results will depend on, recorded with the job: model name, version and sha256, software
     * version, thresholds, the IIIF request sizes.
     */
    Map<String, Object> reproducibility(JobRequest request);

    /** Reads the job's source into its items: the canvases of a manifest, the manifests of a collection. */
    List<PlannedItem> plan(JobRequest request);

    /** Works on one item and answers its result (kept as JSON with the item), or null for none. */
    JsonNode process(JobRequest request, PlannedItem item);

    /**
     * The canvases a manifest job works on: all of them, or those its {@code canvasIds} name, in the
     * manifest's order. An id the manifest does not have is the job's problem (422).
     */
    static List<Canvas> selectedCanvases(Manifest manifest, JobRequest request) {
        if (request.canvasIds() == null) {
            return manifest.canvases();
        }
        try {
            return manifest.canvases(request.canvasIds());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, e.getMessage());
        }
    }

    /**
     * One item as planned.
     *
     * @param ref canvas id or manifest URL
     * @param label a label to show, may be null
     * @param data what the worker needs later to process it without reading the source again, may be null
     */
    record PlannedItem(String ref, String label, JsonNode data) {
    }
}
