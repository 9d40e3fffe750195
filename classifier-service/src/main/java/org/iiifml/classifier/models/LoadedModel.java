package org.iiifml.classifier.models;

import org.iiifml.inference.runtime.MicroBatcher;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;

/** A classification model version ready to use: its descriptor, its session and its batcher. */
public record LoadedModel(ModelDescriptor descriptor, OnnxModel model, MicroBatcher batcher) implements AutoCloseable {

    @Override
    public void close() {
        batcher.close();
        model.close();
    }
}
