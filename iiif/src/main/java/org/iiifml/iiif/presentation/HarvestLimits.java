package org.iiifml.iiif.presentation;

/**
 * Bounds on one harvest of a collection.
 *
 * @param maxDepth deepest nesting of collections followed (the start collection is depth 0; default 8)
 * @param maxManifests manifests reported before the harvest stops (default 10,000)
 * @param maxDocuments collection documents and pages loaded before the harvest stops (default 1,000)
 */
public record HarvestLimits(int maxDepth, int maxManifests, int maxDocuments) {

    public static final HarvestLimits DEFAULTS = new HarvestLimits(8, 10_000, 1_000);

    public HarvestLimits {
        if (maxDepth < 0 || maxManifests < 1 || maxDocuments < 1) {
            throw new IllegalArgumentException("harvest limits must be positive");
        }
    }
}
