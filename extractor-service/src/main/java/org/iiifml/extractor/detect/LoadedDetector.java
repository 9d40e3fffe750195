package org.iiifml.extractor.detect;

import org.iiifml.inference.store.ModelDescriptor;

/** A detector ready to use, its model.json, and where it came from ("built-in" or "store"). */
public record LoadedDetector(ModelDescriptor descriptor, Detector detector, String origin) {
}
