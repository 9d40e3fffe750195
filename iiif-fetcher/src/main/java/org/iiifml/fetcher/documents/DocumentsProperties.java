package org.iiifml.fetcher.documents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and caching of IIIF Presentation and Image API documents.
 *
 * @param maxBytes largest manifest, collection or info.json downloaded (default 32MB)
 * @param maxJsonDepth deepest JSON nesting read (default 200)
 * @param cacheMaxBytes memory the document cache may use (default 64MB)
 * @param cacheFreshFor how long a cached document is served without asking the server again; after that
 *     it is revalidated with If-None-Match / If-Modified-Since (default 60s)
 * @param maxCollectionPages pages of a paged collection read for one request (default 100)
 * @param maxCollectionItems items listed for one collection request (default 10000)
 * @param maxCanvases canvases of one manifest read; a manifest with more is refused before its canvases
 *     are built (default 10000, a job's most items)
 * @param maxJsonTokens JSON tokens (braces, brackets, names, values) of one document: a parsed document's
 *     memory grows with them (about 58 bytes each), so one with more is refused before it is parsed (default
 *     4000000; a 10000-canvas manifest with a service and a thumbnail on every canvas holds 780000)
 */
@ConfigurationProperties("suite.documents")
public record DocumentsProperties(
        @DefaultValue("32MB") DataSize maxBytes,
        @DefaultValue("200") int maxJsonDepth,
        @DefaultValue("64MB") DataSize cacheMaxBytes,
        @DefaultValue("60s") Duration cacheFreshFor,
        @DefaultValue("100") int maxCollectionPages,
        @DefaultValue("10000") int maxCollectionItems,
        @DefaultValue("10000") int maxCanvases,
        @DefaultValue("4000000") long maxJsonTokens) {

    public DocumentsProperties {
        if (maxCollectionPages < 1 || maxCollectionItems < 1 || maxCanvases < 1 || maxJsonTokens < 1) {
            throw new IllegalArgumentException("suite.documents: max-collection-pages, max-collection-items, max-canvases and max-json-tokens must be positive");
        }
    }
}
