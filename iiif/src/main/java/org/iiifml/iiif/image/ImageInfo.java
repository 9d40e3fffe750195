package org.iiifml.iiif.image;

import java.util.List;
import java.util.Set;

/**
 * An Image API information document (info.json) of any version, read into one shape.
 *
 * @param service the service: id (as written, never rebuilt from the request URL), version, level, profile
 * @param width full width in pixels
 * @param height full height in pixels
 * @param sizes the listed sizes, in document order (the only sizes a level-0 server must offer)
 * @param tiles tile sets in document order
 * @param maxWidth largest width the server will return, or null
 * @param maxHeight largest height, or null
 * @param maxArea largest width × height, or null
 * @param formats formats the server offers beyond its level's (v2 profile formats, v3 extraFormats)
 * @param qualities qualities beyond the level's (v3 extraQualities, v2/1.x qualities)
 * @param features features beyond the level's (v2 supports, v3 extraFeatures)
 */
public record ImageInfo(ImageService service, int width, int height, List<Size> sizes, List<TileSet> tiles,
        Integer maxWidth, Integer maxHeight, Long maxArea, Set<String> formats, Set<String> qualities,
        Set<String> features) {

    public ImageInfo {
        sizes = List.copyOf(sizes);
        tiles = List.copyOf(tiles);
        formats = Set.copyOf(formats);
        qualities = Set.copyOf(qualities);
        features = Set.copyOf(features);
    }

    public String id() {
        return service.id();
    }

    public ImageApiVersion version() {
        return service.version();
    }
}
