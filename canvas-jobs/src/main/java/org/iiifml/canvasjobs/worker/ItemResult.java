package org.iiifml.canvasjobs.worker;

import org.iiifml.jobs.model.JobView;

/**
 * One succeeded item of a job with its result read back as the service's type.
 *
 * @param page the canvas's position in its manifest, from 1 (the item's position + 1 for rows planned
 *     before pages were kept)
 */
public record ItemResult<R>(JobView.Item item, int page, R result) {
}
