package org.iiifml.trainer.training;

/** The training's job was cancelled: it stopped between two steps, its last checkpoint kept. */
public final class TrainingCancelled extends RuntimeException {

    public TrainingCancelled() {
        super("the training was cancelled");
    }
}
