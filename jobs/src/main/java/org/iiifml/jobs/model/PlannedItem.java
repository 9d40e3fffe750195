package org.iiifml.jobs.model;

import tools.jackson.databind.JsonNode;

/**
 * One item of a job as planned.
 *
 * @param ref canvas id or manifest URL
 * @param label a label to show, may be null
 * @param data what the worker needs later to process it without reading the source again, may be null
 */
public record PlannedItem(String ref, String label, JsonNode data) {
}
