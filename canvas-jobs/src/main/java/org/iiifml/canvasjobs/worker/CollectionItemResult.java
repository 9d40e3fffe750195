package org.iiifml.canvasjobs.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A collection job's item (one manifest): each of its canvases with its result, or the problem that kept it
 * from one; the rest of the manifest's canvases go on.
 */
public record CollectionItemResult<R>(List<Canvas<R>> canvases) {

    /** One canvas: its id, and either its result's fields or {@code problem}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Canvas<R>(String id, @JsonUnwrapped R result, Problem problem) {
    }

    public record Problem(String type, String detail) {
    }
}
