package org.iiifml.iiif.image;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iiifml.iiif.json.IiifException;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/** Reads info.json documents of Image API 1.0, 1.1, 2 and 3. */
public final class ImageInfoReader {

    private final IiifJson json;

    public ImageInfoReader(IiifJson json) {
        this.json = json;
    }

    public ImageInfoReader() {
        this(IiifJson.withDefaults());
    }

    public ImageInfo read(InputStream in) {
        return read(json.parse(in));
    }

    /**
     * Reads a document; a document that is not an image information document (no id, no size, or a
     * version nothing reveals) is an {@link IiifException}, never a crash.
     */
    public ImageInfo read(JsonNode root) {
        // An info.json with no version marks at all is most likely 2.x, the most deployed version.
        ImageService service = ImageServices.read(root, guessVersion(root))
                .orElseThrow(() -> new IiifException("the document is not an Image API information document: it has no id"));
        Integer width = Nodes.dimension(root, "width");
        Integer height = Nodes.dimension(root, "height");
        if (width == null || height == null || width <= 0 || height <= 0) {
            throw new IiifException("the image information document gives no usable width and height");
        }
        Set<String> formats = new LinkedHashSet<>();
        Set<String> qualities = new LinkedHashSet<>();
        Set<String> features = new LinkedHashSet<>();
        Integer maxWidth = Nodes.dimension(root, "maxWidth");
        Integer maxHeight = Nodes.dimension(root, "maxHeight");
        Long maxArea = longValue(root.get("maxArea"));
        addStrings(formats, root.get("formats"));
        addStrings(formats, root.get("extraFormats"));
        addStrings(qualities, root.get("qualities"));
        addStrings(qualities, root.get("extraQualities"));
        addStrings(features, root.get("extraFeatures"));
        // v2: limits and extras live in the profile's object entries.
        for (JsonNode entry : Nodes.list(root, "profile")) {
            if (entry.isObject()) {
                addStrings(formats, entry.get("formats"));
                addStrings(qualities, entry.get("qualities"));
                addStrings(features, entry.get("supports"));
                maxWidth = maxWidth != null ? maxWidth : Nodes.dimension(entry, "maxWidth");
                maxHeight = maxHeight != null ? maxHeight : Nodes.dimension(entry, "maxHeight");
                maxArea = maxArea != null ? maxArea : longValue(entry.get("maxArea"));
            }
        }
        if (maxHeight == null && maxWidth != null && service.version().compareTo(ImageApiVersion.V2) >= 0) {
            maxHeight = maxWidth; // Image API 2.1 and 3: maxHeight defaults to maxWidth
        }
        return new ImageInfo(service, width, height, sizes(root), tiles(root), maxWidth, maxHeight, maxArea,
                formats, qualities, features);
    }

    private static ImageApiVersion guessVersion(JsonNode root) {
        if (root.has("identifier") || root.has("scale_factors") || root.has("tile_width")) {
            return ImageApiVersion.V1_0;
        }
        return ImageApiVersion.V2;
    }

    private static List<Size> sizes(JsonNode root) {
        List<Size> sizes = new ArrayList<>();
        for (JsonNode size : Nodes.list(root, "sizes")) {
            Integer w = Nodes.dimension(size, "width");
            Integer h = Nodes.dimension(size, "height");
            if (w != null && h != null && w > 0 && h > 0) {
                sizes.add(new Size(w, h));
            }
        }
        return sizes;
    }

    private static List<TileSet> tiles(JsonNode root) {
        List<TileSet> tiles = new ArrayList<>();
        for (JsonNode tile : Nodes.list(root, "tiles")) {
            Integer w = Nodes.dimension(tile, "width");
            if (w == null || w <= 0) {
                continue;
            }
            Integer h = Nodes.dimension(tile, "height");
            tiles.add(new TileSet(w, h == null ? w : h, integers(tile.get("scaleFactors"))));
        }
        // Image API 1.x: one tile size at the top level.
        Integer w = Nodes.dimension(root, "tile_width");
        if (tiles.isEmpty() && w != null && w > 0) {
            Integer h = Nodes.dimension(root, "tile_height");
            tiles.add(new TileSet(w, h == null ? w : h, integers(root.get("scale_factors"))));
        }
        return tiles;
    }

    private static List<Integer> integers(JsonNode value) {
        List<Integer> list = new ArrayList<>();
        for (JsonNode n : Nodes.list(value)) {
            if (n.canConvertToInt()) {
                list.add(n.intValue());
            }
        }
        return list;
    }

    private static void addStrings(Set<String> target, JsonNode value) {
        for (JsonNode n : Nodes.list(value)) {
            if (n.isString()) {
                target.add(n.stringValue());
            }
        }
    }

    private static Long longValue(JsonNode value) {
        return value != null && value.canConvertToLong() ? value.longValue() : null;
    }
}
