package org.iiifml.jobs.model;

import java.util.List;

/** A page of jobs, newest first. */
public record JobPage(List<JobView> jobs, int page, int size, long total) {
}
