package org.iiifml.iiif.presentation;

import java.util.List;

/**
 * A manifest in the Presentation 3 model, whatever version it was written in ({@link #sourceVersion}).
 * Ids are kept byte for byte as written.
 */
public record Manifest(String id, PresentationVersion sourceVersion, Descriptive description,
        String viewingDirection, List<String> behavior, List<Canvas> canvases, List<Range> structures) {

    public Manifest {
        behavior = List.copyOf(behavior);
        canvases = List.copyOf(canvases);
        structures = List.copyOf(structures);
    }

    public LanguageMap label() {
        return description.label();
    }
}
