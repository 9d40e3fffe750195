package org.iiifml.iiif.presentation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Walks a collection to its manifests lazily: a document is loaded only when the walk needs its items,
 * so a consumer that stops early (or a limit) stops the loading too. Follows nested collections (v2
 * {@code collections}/{@code members}, v3 {@code items}) depth first in document order and the pages of
 * paged collections ({@code first}, then {@code next}). A document already visited is not loaded again,
 * which ends cycles; a document that fails to load or read is recorded and skipped.
 */
public final class CollectionHarvester {

    /** A manifest found by the walk, with the collections that lead to it. */
    public record Found(CollectionItem manifest, List<String> path) {
    }

    /** A collection or page that could not be loaded or read. */
    public record Failure(String url, String reason) {
    }

    private final DocumentSource source;
    private final PresentationReader reader;
    private final HarvestLimits limits;

    public CollectionHarvester(DocumentSource source, PresentationReader reader, HarvestLimits limits) {
        this.source = source;
        this.reader = reader;
        this.limits = limits;
    }

    /** Starts a walk; the returned harvest is consumed once. */
    public Harvest harvest(String collectionUrl) {
        return new Harvest(collectionUrl);
    }

    /** One walk: iterate it (or {@link #manifests()}) and then read what it met on the way. */
    public final class Harvest implements Iterable<Found> {

        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Set<String> visited = new HashSet<>();
        private final List<Failure> failures = new ArrayList<>();
        private final List<String> collections = new ArrayList<>();
        private int manifests;
        private int documents;
        private boolean truncated;
        private Found next;

        private record Frame(Iterator<CollectionItem> items, List<String> path, String nextPage, int depth) {
        }

        private Harvest(String start) {
            push(start, List.of(), 0);
        }

        public Stream<Found> manifests() {
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
        }

        public List<Failure> failures() {
            return List.copyOf(failures);
        }

        /** Every collection and page loaded, in order. */
        public List<String> collections() {
            return List.copyOf(collections);
        }

        /** Whether a limit stopped the walk before it had seen everything. */
        public boolean truncated() {
            return truncated;
        }

        @Override
        public Iterator<Found> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    if (next == null) {
                        next = advance();
                    }
                    return next != null;
                }

                @Override
                public Found next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Found found = next;
                    next = null;
                    return found;
                }
            };
        }

        private Found advance() {
            while (!stack.isEmpty()) {
                if (manifests >= limits.maxManifests()) {
                    truncated = true;
                    stack.clear();
                    return null;
                }
                Frame frame = stack.peek();
                if (frame.items().hasNext()) {
                    CollectionItem item = frame.items().next();
                    if (item.id() == null) {
                        continue;
                    }
                    if (item.kind() == CollectionItem.Kind.MANIFEST) {
                        manifests++;
                        return new Found(item, frame.path());
                    }
                    if (frame.depth() + 1 > limits.maxDepth()) {
                        truncated = true;
                    } else {
                        push(item.id(), frame.path(), frame.depth() + 1);
                    }
                    continue;
                }
                stack.pop();
                if (frame.nextPage() != null) {
                    // The next page of the same collection: same depth, same path.
                    List<String> parent = frame.path().subList(0, Math.max(0, frame.path().size() - 1));
                    push(frame.nextPage(), parent, frame.depth());
                }
            }
            return null;
        }

        private void push(String url, List<String> parentPath, int depth) {
            if (!visited.add(url)) {
                return; // already walked: a cycle, or a collection listed twice
            }
            if (documents >= limits.maxDocuments()) {
                truncated = true;
                return;
            }
            documents++;
            Collection collection;
            try {
                collection = reader.readCollection(source.load(url));
            } catch (Exception e) {
                failures.add(new Failure(url, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                return;
            }
            collections.add(url);
            List<String> path = new ArrayList<>(parentPath);
            path.add(url);
            Paging paging = collection.paging();
            // A paged collection's first document lists no items; its pages do. A page names the next one.
            String nextPage = paging.first() != null && collection.items().isEmpty() ? paging.first() : paging.next();
            stack.push(new Frame(collection.items().iterator(), List.copyOf(path), nextPage, depth));
        }
    }
}
