package org.iiifml.iiif.presentation;

/** A label and value pair, as in {@code metadata} and {@code requiredStatement}. */
public record MetadataEntry(LanguageMap label, LanguageMap value) {
}
