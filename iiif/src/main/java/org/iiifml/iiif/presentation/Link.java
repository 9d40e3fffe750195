package org.iiifml.iiif.presentation;

/**
 * A linked resource: homepage, seeAlso, partOf, rendering, provider or a referenced annotation page. Fields
 * a document leaves out are null (label: empty).
 */
public record Link(String id, String type, LanguageMap label, String format, String profile) {

    public Link {
        label = label == null ? LanguageMap.EMPTY : label;
    }
}
