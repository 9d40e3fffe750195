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
 */
@ConfigurationProperties("suite.documents")
public record DocumentsProperties(
        @DefaultValue("32MB") DataSize maxBytes,
        @DefaultValue("200") int maxJsonDepth,
        @DefaultValue("64MB") DataSize cacheMaxBytes,
        @DefaultValue("60s") Duration cacheFreshFor,
        @DefaultValue("100") int maxCollectionPages,
        @DefaultValue("10000") int maxCollectionItems,
        @DefaultValue("10000") int maxCanvases) {

    public DocumentsProperties {
        if (maxCollectionPages < 1 || maxCollectionItems < 1 || maxCanvases < 1) {
            throw new IllegalArgumentException("suite.documents: max-collection-pages, max-collection-items and max-canvases must be positive");
        }
    }
}
