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
import org.iiifml.support.memory.MemoryBudget;
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

    private final MemoryBudget parsing;

    /** @param parsing heap that documents being parsed at once may take, by their estimated tree size */
    public DocumentService(DocumentCache cache, IiifJson json, DocumentsProperties properties, MemoryBudget parsing) {
        this.cache = cache;
        this.parsing = parsing;
        this.json = json;
        this.reader = new PresentationReader(json);
        this.properties = properties;
    }

    public Mono<Manifest> manifest(String url) {
        return cache.getParsed(url, properties.maxBytes().toBytes(), Manifest.class, bytes -> read(url, bytes, document -> {
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
        return cache.getParsed(url, properties.maxBytes().toBytes(), Collection.class, bytes -> read(url, bytes, reader::readCollection));
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

    /**
     * Reads a document within the memory budgets: its tokens are counted by the streaming parser first
     * (past {@code suite.documents.max-json-tokens} it is refused, no tree built), then the heap its tree will
     * take is held from the parsing budget while the tree and the model read from it both exist, so that
     * large documents arriving at once are parsed one after another.
     */
    private <T> DocumentCache.Parsed<T> read(String url, byte[] bytes, java.util.function.Function<tools.jackson.databind.JsonNode, T> model) {
        try {
            IiifJson.Shape shape = json.measure(bytes);
            try (MemoryBudget.Reservation held = parsing.reserve(shape.treeBytes())) {
                return new DocumentCache.Parsed<>(model.apply(json.parse(bytes)), shape.treeBytes());
            } catch (MemoryBudget.TooLarge e) {
                throw new FetchException(ProblemType.UPSTREAM_TOO_LARGE, "the document at " + url + " is too large to read here: "
                        + e.getMessage() + " (suite.memory.document-budget-fraction)");
            }
        } catch (IiifException.TooLarge e) {
            throw new FetchException(ProblemType.UPSTREAM_TOO_LARGE, "the document at " + url + " cannot be read: " + e.getMessage()
                    + (e.getMessage().contains("tokens") ? " (suite.documents.max-json-tokens)" : " (suite.documents.max-bytes)"));
        } catch (IiifException e) {
            throw new FetchException(ProblemType.NOT_IIIF, "the document at " + url + " cannot be read: " + e.getMessage());
        }
    }
}
