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

    /**
     * The canvases with the given ids, in the manifest's order (ids compared as written).
     *
     * @throws IllegalArgumentException naming the first id the manifest does not have
     */
    public List<Canvas> canvases(java.util.Collection<String> ids) {
        java.util.Set<String> wanted = new java.util.LinkedHashSet<>(ids);
        List<Canvas> found = canvases.stream().filter(c -> wanted.contains(c.id())).toList();
        found.forEach(c -> wanted.remove(c.id()));
        if (!wanted.isEmpty()) {
            throw new IllegalArgumentException("the manifest has no canvas " + wanted.iterator().next()
                    + (wanted.size() > 1 ? " (and " + (wanted.size() - 1) + " more of the canvasIds)" : ""));
        }
        return found;
    }
}
