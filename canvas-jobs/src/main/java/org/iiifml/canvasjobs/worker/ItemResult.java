package org.iiifml.canvasjobs.worker;

import org.iiifml.jobs.model.JobView;

/** One succeeded item of a manifest job with its result read back as the service's type. */
public record ItemResult<R>(JobView.Item item, R result) {
}
