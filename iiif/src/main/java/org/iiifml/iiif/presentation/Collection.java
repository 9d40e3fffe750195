package org.iiifml.iiif.presentation;

import java.util.List;

/**
 * A collection (or one page of a paged collection) in the Presentation 3 model. {@code items} keeps
 * document order; a v2 collection's {@code members} (the ordered list of both kinds), {@code collections}
 * and {@code manifests} are merged in that order, each member once (by id, where it first appears).
 */
public record Collection(String id, PresentationVersion sourceVersion, Descriptive description,
        List<CollectionItem> items, Paging paging) {

    public Collection {
        items = List.copyOf(items);
        paging = paging == null ? Paging.NONE : paging;
    }

    public LanguageMap label() {
        return description.label();
    }

    public long count(CollectionItem.Kind kind) {
        return items.stream().filter(i -> i.kind() == kind).count();
    }
}
