package org.iiifml.jobs.api;

import java.util.List;

/** A page of jobs, newest first. */
public record JobPage(List<JobView> jobs, int page, int size, long total) {
}
