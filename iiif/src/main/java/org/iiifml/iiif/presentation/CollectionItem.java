package org.iiifml.iiif.presentation;

import java.util.List;

/** A manifest or collection listed in a collection, as referenced there (never dereferenced). */
public record CollectionItem(String id, Kind kind, LanguageMap label, List<ContentResource> thumbnails) {

    public enum Kind { MANIFEST, COLLECTION }

    public CollectionItem {
        label = label == null ? LanguageMap.EMPTY : label;
        thumbnails = List.copyOf(thumbnails);
    }
}
