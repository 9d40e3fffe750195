package org.iiifml.iiif.image;

import java.util.List;

/** One tile set of an info.json: tile size (height = width when the document gives none) and scale factors as listed. */
public record TileSet(int width, int height, List<Integer> scaleFactors) {

    public TileSet {
        scaleFactors = List.copyOf(scaleFactors);
    }
}
