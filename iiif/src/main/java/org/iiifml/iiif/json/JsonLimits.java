package org.iiifml.iiif.json;

/**
 * Limits on an incoming JSON document, enforced while parsing (Jackson StreamReadConstraints), so that a
 * hostile or broken server cannot exhaust memory or stack with one document.
 *
 * @param maxDocumentBytes largest document (default 32 MiB, the fetcher's body cap for manifests)
 * @param maxDepth deepest nesting of arrays and objects (default 200; real manifests stay under 20)
 * @param maxStringLength longest string value (default 1 MiB)
 * @param maxNumberLength longest number literal in characters (default 100)
 * @param maxNameLength longest property name (default 4096)
 * @param maxTokens most JSON tokens (each brace, bracket, name and value) in one document: what a parsed tree's
 *     memory grows with (about 58 bytes a token), so that a small file of tiny values cannot make a huge tree (default 4000000,
 *     five times the 780000 of a 10000-canvas manifest with a service and a thumbnail on every canvas)
 */
public record JsonLimits(long maxDocumentBytes, int maxDepth, int maxStringLength, int maxNumberLength, int maxNameLength, long maxTokens) {

    public static final JsonLimits DEFAULTS = new JsonLimits(32L * 1024 * 1024, 200, 1024 * 1024, 100, 4096, 4_000_000);

    public JsonLimits {
        if (maxDocumentBytes <= 0 || maxDepth <= 0 || maxStringLength <= 0 || maxNumberLength <= 0 || maxNameLength <= 0 || maxTokens <= 0) {
            throw new IllegalArgumentException("JSON limits must be positive");
        }
    }
}
