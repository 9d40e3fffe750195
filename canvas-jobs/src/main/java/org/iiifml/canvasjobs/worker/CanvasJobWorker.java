package org.iiifml.canvasjobs.worker;

import java.util.List;
import java.util.Map;
import org.iiifml.canvasjobs.images.CanvasImage;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.inference.store.ModelDescriptor;
import tools.jackson.databind.JsonNode;

/**
 * What a model service writes to run its model over the canvases of a IIIF source: its options, its model
 * call and its annotations. {@link CanvasJobs} does the rest: it reads the source once, fetches each
 * canvas's image, keeps the typed results and answers the annotated manifest (docs/adding-a-service.md).
 *
 * @param <O> the job's options, parsed once into a record with the model resolved
 * @param <R> one canvas's result, kept as JSON with the item and read back as this type
 */
public interface CanvasJobWorker<O, R> {

    /**
     * Parses and checks a job's options ({@code null} when it has none) and resolves its model. Throws a
     * ProblemException: 400 for bad options, 404 for a model that is not loaded. Reads the pinned options
     * {@link CanvasJobs} keeps as well as a client's.
     */
    O options(JsonNode options);

    /** The model the options resolved to; the job keeps its name:version. Null for a job that runs no model (the trainer's). */
    ModelDescriptor model(O options);

    /**
     * The options other than the model, with every default filled in, by the names {@link #options} reads:
     * kept with the job (so that a retry uses the same) and in its reproducibility record.
     */
    Map<String, Object> settings(O options);

    /** The box each canvas's image is asked to fit in. */
    int box(O options);

    /** Whether a collection job (one item per manifest, each of its canvases processed) is accepted. */
    default boolean acceptsCollections() {
        return true;
    }

    /**
     * A step over the whole job after its canvases, run as the job's last item (the trainer trains on what its
     * canvases gave); null for none, the default.
     */
    default JobStep<O> afterCanvases() {
        return null;
    }

    /** The job's last item: it learns its job's id, to read the results of the other items. */
    interface JobStep<O> {

        /** The item's label in the job, e.g. "training". */
        String label();

        /** Blocking; a ProblemException fails the item with it. */
        JsonNode run(java.util.UUID jobId, O options, org.iiifml.jobs.model.JobRequest request);
    }

    /** Runs the model over one canvas's image. Blocking; a ProblemException fails the item with it. */
    R process(O options, CanvasImage image);

    /** The result type, to read results back from the job. */
    Class<R> resultType();

    /**
     * The annotations of one canvas's result for the annotated manifest, made with {@code ids}, which
     * names them and the model that made them.
     */
    List<Annotation> annotations(R result, AnnotationIds ids);

    /** Ids, the target and the generator for one item's annotations. */
    interface AnnotationIds {

        /** The canvas the annotations target, as the manifest writes its id. */
        String canvasId();

        /** The k-th annotation's id, unique in the job's annotated manifest. */
        String id(int k);

        /** The model that made the results, as the annotations' {@code generator}. */
        org.iiifml.iiif.annotation.Generator generator();
    }
}
