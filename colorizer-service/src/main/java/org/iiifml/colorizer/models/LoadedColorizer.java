package org.iiifml.colorizer.models;

import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;

/** A colourisation model ready to run: its session and its contract with the parameters filled in. */
public record LoadedColorizer(ModelDescriptor descriptor, OnnxModel model, ColorizationContract contract) implements AutoCloseable {

    @Override
    public void close() {
        model.close();
    }
}
