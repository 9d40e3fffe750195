package org.iiifml.trainer.jobs;

/** One canvas's contribution to a training job's dataset: its image at the training size, by content hash. */
public record DatasetImage(String sha256, int servedWidth, int servedHeight) {
}
