package org.iiifml.classifier.models;

import org.iiifml.inference.runtime.MicroBatcher;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.store.ModelDescriptor;

/**
 * A model version ready to use: its descriptor, its session and its batcher.
 *
 * @param origin "built-in" (inside the service's jar) or "store" (the model directory)
 */
public record LoadedModel(ModelDescriptor descriptor, OnnxModel model, MicroBatcher batcher, String origin) {
}
