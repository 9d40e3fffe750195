package org.iiifml.iiif.presentation;

import java.util.List;

/** A range of the table of contents: the canvases it covers directly and its nested ranges, in order. */
public record Range(String id, LanguageMap label, List<String> canvases, List<Range> ranges) {

    public Range {
        label = label == null ? LanguageMap.EMPTY : label;
        canvases = List.copyOf(canvases);
        ranges = List.copyOf(ranges);
    }

    /** This range and every range nested in it. */
    public int size() {
        return 1 + ranges.stream().mapToInt(Range::size).sum();
    }

    public int depth() {
        return 1 + ranges.stream().mapToInt(Range::depth).max().orElse(0);
    }
}
