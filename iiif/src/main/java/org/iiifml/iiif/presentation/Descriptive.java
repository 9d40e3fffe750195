package org.iiifml.iiif.presentation;

import java.util.List;

/** The descriptive and linking properties manifests and collections share. */
public record Descriptive(LanguageMap label, LanguageMap summary, List<MetadataEntry> metadata,
        MetadataEntry requiredStatement, String rights, List<Link> provider, List<Link> homepage,
        List<Link> seeAlso, List<Link> partOf, List<Link> rendering, List<ContentResource> thumbnails) {

    public Descriptive {
        label = label == null ? LanguageMap.EMPTY : label;
        summary = summary == null ? LanguageMap.EMPTY : summary;
        metadata = List.copyOf(metadata);
        provider = List.copyOf(provider);
        homepage = List.copyOf(homepage);
        seeAlso = List.copyOf(seeAlso);
        partOf = List.copyOf(partOf);
        rendering = List.copyOf(rendering);
        thumbnails = List.copyOf(thumbnails);
    }
}
