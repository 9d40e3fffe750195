package org.iiifml.trainer.training;

/** A training that cannot go on (a loss that is no longer a number, memory exhausted): the job fails with this sentence. */
public final class TrainingFailed extends RuntimeException {

    public TrainingFailed(String message) {
        super(message);
    }

    public TrainingFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
