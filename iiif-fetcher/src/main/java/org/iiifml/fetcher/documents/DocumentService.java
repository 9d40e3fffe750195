package org.iiifml.fetcher.documents;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.iiifml.support.outbound.FetchException;
import org.iiifml.iiif.json.IiifException;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.presentation.Collection;
import org.iiifml.iiif.presentation.CollectionItem;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.Paging;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.support.problem.ProblemType;
import reactor.core.publisher.Mono;

/** Manifests and collections from outside servers, read into the Presentation 3 model. */
public final class DocumentService {

    /** A collection with all its pages read, and whether a limit cut the walk short. */
    public record FullCollection(Collection collection, boolean truncated) {
    }

    private final DocumentCache cache;
    private final IiifJson json;
    private final PresentationReader reader;
    private final DocumentsProperties properties;

    public DocumentService(DocumentCache cache, IiifJson json, DocumentsProperties properties) {
        this.cache = cache;
        this.json = json;
        this.reader = new PresentationReader(json);
        this.properties = properties;
    }

    public Mono<Manifest> manifest(String url) {
        return cache.get(url, properties.maxBytes().toBytes()).map(bytes -> read(url, () -> {
            tools.jackson.databind.JsonNode document = json.parse(bytes);
            long canvases = canvases(document);
            if (canvases > properties.maxCanvases()) {
                // Refused before a canvas is built: the model and its Presentation 3 form grow with each one.
                throw new FetchException(ProblemType.TOO_MANY_ITEMS, "the manifest at " + url + " has " + canvases
                        + " canvases; at most " + properties.maxCanvases() + " are read (suite.documents.max-canvases)");
            }
            return reader.readManifest(document);
        }));
    }

    /** The canvases a manifest lists: v3 {@code items}, or every v2 sequence's {@code canvases}. */
    static long canvases(tools.jackson.databind.JsonNode manifest) {
        long count = manifest.path("items").size();
        for (tools.jackson.databind.JsonNode sequence : manifest.path("sequences")) {
            count += sequence.path("canvases").size();
        }
        return count;
    }

    public Mono<Collection> collectionPage(String url) {
        return cache.get(url, properties.maxBytes().toBytes()).map(bytes -> read(url, () -> reader.readCollection(json.parse(bytes))));
    }

    /**
     * The collection with every page followed: {@code first}, then each page's {@code next}, items merged in
     * order. Pages already read are not read again (a cycle ends there).
     */
    public Mono<FullCollection> collection(String url) {
        return collectionPage(url).flatMap(top -> {
            List<CollectionItem> items = new ArrayList<>(top.items());
            Set<String> visited = new HashSet<>(Set.of(url));
            String next = top.paging().first() != null && top.items().isEmpty() ? top.paging().first() : top.paging().next();
            return pages(next, items, visited, 1).map(truncated -> {
                boolean cut = truncated || items.size() > properties.maxCollectionItems();
                List<CollectionItem> kept = items.size() > properties.maxCollectionItems()
                        ? items.subList(0, properties.maxCollectionItems()) : items;
                Paging paging = new Paging(null, null, null, null, top.paging().total(), null);
                return new FullCollection(new Collection(top.id(), top.sourceVersion(), top.description(), kept, paging), cut);
            });
        });
    }

    private Mono<Boolean> pages(String next, List<CollectionItem> items, Set<String> visited, int pagesRead) {
        if (next == null || !visited.add(next)) {
            return Mono.just(false);
        }
        if (pagesRead >= properties.maxCollectionPages() || items.size() >= properties.maxCollectionItems()) {
            return Mono.just(true);
        }
        return collectionPage(next).flatMap(page -> {
            items.addAll(page.items());
            return pages(page.paging().next(), items, visited, pagesRead + 1);
        });
    }

    private static <T> T read(String url, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IiifException e) {
            throw new FetchException(ProblemType.NOT_IIIF, "the document at " + url + " cannot be read: " + e.getMessage());
        }
    }
}
