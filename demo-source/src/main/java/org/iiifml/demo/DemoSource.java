package org.iiifml.demo;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.iiifml.iiif.image.ImageApiVersion;
import org.iiifml.iiif.image.ImageService;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.Collection;
import org.iiifml.iiif.presentation.CollectionItem;
import org.iiifml.iiif.presentation.ContentResource;
import org.iiifml.iiif.presentation.Descriptive;
import org.iiifml.iiif.presentation.LanguageMap;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.MetadataEntry;
import org.iiifml.iiif.presentation.PaintingAnnotation;
import org.iiifml.iiif.presentation.Paging;
import org.iiifml.iiif.presentation.PresentationVersion;
import org.iiifml.iiif.presentation.PresentationWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo IIIF source: a book of four pages (two with an illustration) and a volume's covers and blank leaf,
 * each behind a static level-0 Image API 2 service with three listed sizes, and two black-and-white photographs behind a level-2 service
 * ({@link LevelTwoImages}), described
 * by Presentation 3 manifests and a collection and the same again as Presentation 2.1 under {@code v2/},
 * all made by {@link DemoImages}; {@code /demo/iiif} itself lists them. Built once, on first use.
 */
final class DemoSource {

    record Picture(String id, String label, int width, int height, Supplier<BufferedImage> draw) {
    }

    /**
     * @param images the static answers of the level-0 services, by path under {@code images/}
     * @param levelTwo the pictures behind level-2 services, by image id, drawn on request
     */
    record Content(Map<String, ObjectNode> documents, Map<String, byte[]> images, Map<String, BufferedImage> levelTwo) {
    }

    static final String RIGHTS = "http://creativecommons.org/publicdomain/zero/1.0/";

    private final String base;
    private volatile Content content;

    DemoSource(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    static List<Picture> book() {
        return List.of(
                new Picture("book-p1", "Page 1", 1200, 1800, () -> DemoImages.page(1200, 1800, 1, false)),
                new Picture("book-p2", "Page 2", 1200, 1800, () -> DemoImages.page(1200, 1800, 2, true)),
                new Picture("book-p3", "Page 3", 1200, 1800, () -> DemoImages.page(1200, 1800, 3, false)),
                new Picture("book-p4", "Page 4", 1200, 1800, () -> DemoImages.page(1200, 1800, 4, true)));
    }

    /** A bound volume's outside and first leaf: what the page-type model calls cover and blank. */
    static List<Picture> volume() {
        return List.of(
                new Picture("volume-front", "Front cover", 1200, 1800, () -> DemoImages.cover(1200, 1800, 21, new Color(112, 30, 34))),
                new Picture("volume-leaf", "Blank leaf", 1200, 1800, () -> DemoImages.blankLeaf(1200, 1800, 22)),
                new Picture("volume-back", "Back cover", 1200, 1800, () -> DemoImages.cover(1200, 1800, 23, new Color(32, 58, 44))));
    }

    static List<Picture> photographs() {
        return List.of(
                new Picture("photo-1", "Harbour, black and white", 1600, 1000, () -> DemoImages.photograph(1600, 1000, 11)),
                new Picture("photo-2", "Postcard, black and white", 1400, 900, () -> DemoImages.photograph(1400, 900, 12)));
    }

    /** Colour scenes to train a colouriser on (twelve: a small dataset, a model in a minute). */
    static List<Picture> colourScenes() {
        List<Picture> scenes = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            long seed = 100 + i;
            scenes.add(new Picture("colour-" + i, "Colour scene " + i, 800, 600, () -> DemoImages.colourScene(800, 600, seed)));
        }
        return List.copyOf(scenes);
    }

    Content content() {
        Content c = content;
        if (c == null) {
            synchronized (this) {
                if (content == null) {
                    content = build();
                }
                c = content;
            }
        }
        return c;
    }

    private Content build() {
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        Map<String, byte[]> images = new LinkedHashMap<>();
        Map<String, BufferedImage> levelTwo = new LinkedHashMap<>();
        Manifest book = manifest("book", "A demo book with illustrations", book(), documents, images, null);
        // The photographs behind a level-2 service, so that any region and size can be asked for.
        Manifest photos = manifest("photographs", "Demo black-and-white photographs", photographs(), documents, images, levelTwo);
        Manifest volume = manifest("volume", "The covers and first leaf of a demo volume", volume(), documents, images, null);
        // Colour pictures for the trainer, behind the level-2 service too (fetched at the training size).
        Manifest colour = manifest("colour", "Demo colour scenes, to train a colouriser on", colourScenes(), documents, images, levelTwo);
        documents.put("book/manifest.json", PresentationWriter.toV3(book));
        documents.put("photographs/manifest.json", PresentationWriter.toV3(photos));
        documents.put("volume/manifest.json", PresentationWriter.toV3(volume));
        documents.put("colour/manifest.json", PresentationWriter.toV3(colour));
        Collection collection = new Collection(base + "/collection.json", PresentationVersion.V3,
                descriptive("IIIF ML Suite demo collection"),
                List.of(item(book), item(photos), item(volume)), Paging.NONE);
        documents.put("collection.json", PresentationWriter.toV3(collection));
        // The same book and photographs published as Presentation 2.1 (the same images), so that reading v2,
        // its conversion to v3 and presentation=2 can be tried offline.
        Manifest bookV2 = asV2(book, "v2/book");
        Manifest photosV2 = asV2(photos, "v2/photographs");
        documents.put("v2/book/manifest.json", PresentationWriter.toV2(bookV2));
        documents.put("v2/photographs/manifest.json", PresentationWriter.toV2(photosV2));
        documents.put("v2/collection.json", PresentationWriter.toV2(new Collection(base + "/v2/collection.json",
                PresentationVersion.V2, descriptive("IIIF ML Suite demo collection (Presentation 2.1)"),
                List.of(item(bookV2), item(photosV2)), Paging.NONE)));
        documents.put("", index(documents));
        return new Content(documents, images, levelTwo);
    }

    /** The manifest under another path as a v2 document: ids moved, images and services the same. */
    private Manifest asV2(Manifest v3, String name) {
        String from = base + "/" + v3.id().substring(base.length() + 1, v3.id().lastIndexOf('/'));
        String to = base + "/" + name;
        List<Canvas> canvases = v3.canvases().stream().map(c -> new Canvas(c.id().replace(from, to), c.label(), c.width(),
                c.height(), c.duration(), c.paintings().stream().map(p -> new PaintingAnnotation(p.id().replace(from, to),
                        p.target().replace(from, to), p.bodies(), p.choice())).toList(), c.thumbnails(), c.annotations())).toList();
        return new Manifest(to + "/manifest.json", PresentationVersion.V2, v3.description(), v3.viewingDirection(),
                v3.behavior(), canvases, v3.structures());
    }

    /** What {@code /demo/iiif} answers: every document of the source by its URL. */
    private ObjectNode index(Map<String, ObjectNode> documents) {
        ObjectNode index = JsonNodeFactory.instance.objectNode();
        index.put("description", "The IIIF ML Suite's demo source: pictures drawn by its own code (CC0), for trying the suite offline.");
        ArrayNode list = index.putArray("documents");
        documents.forEach((path, document) -> {
            if (!path.startsWith("images/")) {
                ObjectNode entry = list.addObject().put("url", base + "/" + path);
                String type = document.has("type") ? document.get("type").asString() : document.get("@type").asString();
                entry.put("type", type).put("presentation", document.has("@id") ? "2.1" : "3");
            }
        });
        return index;
    }

    /** {@code levelTwo}: where to keep the pictures for level-2 services; null for static level-0 ones. */
    private Manifest manifest(String name, String label, List<Picture> pictures, Map<String, ObjectNode> documents,
            Map<String, byte[]> images, Map<String, BufferedImage> levelTwo) {
        List<Canvas> canvases = new ArrayList<>();
        for (Picture picture : pictures) {
            String serviceId = base + "/images/" + picture.id();
            BufferedImage full = picture.draw().get();
            int[][] sizes = {{picture.width(), picture.height()}, {picture.width() / 2, picture.height() / 2},
                {picture.width() / 4, picture.height() / 4}};
            // A level-0 service answers its listed sizes from these files; a level-2 one draws every answer.
            for (int[] size : levelTwo == null ? sizes : new int[0][]) {
                BufferedImage scaled = size[0] == full.getWidth() ? full : DemoImages.scaled(full, size[0], size[1]);
                byte[] jpeg = DemoImages.jpeg(scaled);
                images.put(picture.id() + "/full/" + size[0] + ",/0/default.jpg", jpeg);
                if (size[0] == picture.width()) {
                    images.put(picture.id() + "/full/full/0/default.jpg", jpeg);
                    images.put(picture.id() + "/full/max/0/default.jpg", jpeg);
                }
            }
            int level = levelTwo == null ? 0 : 2;
            if (levelTwo != null) {
                levelTwo.put(picture.id(), full);
            }
            documents.put("images/" + picture.id() + "/info.json", info(serviceId, picture, sizes, level));
            String canvasId = base + "/" + name + "/canvas/" + picture.id();
            ImageService service = new ImageService(serviceId, "ImageService2", ImageApiVersion.V2, level,
                    "http://iiif.io/api/image/2/level" + level + ".json");
            ContentResource image = new ContentResource(serviceId + "/full/full/0/default.jpg", "Image", "image/jpeg",
                    picture.width(), picture.height(), null, LanguageMap.EMPTY, List.of(service), null);
            canvases.add(new Canvas(canvasId, LanguageMap.of("en", picture.label()), picture.width(), picture.height(), null,
                    List.of(new PaintingAnnotation(canvasId + "/painting", canvasId, List.of(image), false)), List.of(), List.of()));
        }
        return new Manifest(base + "/" + name + "/manifest.json", PresentationVersion.V3, descriptive(label), null,
                List.of(), canvases, List.of());
    }

    private static Descriptive descriptive(String label) {
        return new Descriptive(LanguageMap.of("en", label),
                LanguageMap.of("en", "Pictures drawn by the IIIF ML Suite's own code, for trying the suite without internet."),
                List.of(new MetadataEntry(LanguageMap.of("en", "Made by"), LanguageMap.of("en", "IIIF ML Suite demo source"))),
                new MetadataEntry(LanguageMap.of("en", "Rights"), LanguageMap.of("en", "No rights reserved (CC0).")),
                RIGHTS, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static CollectionItem item(Manifest manifest) {
        return new CollectionItem(manifest.id(), CollectionItem.Kind.MANIFEST, manifest.label(), List.of());
    }

    /** An info.json: at level 0 only the listed sizes exist; at level 2 they are a hint. */
    private static ObjectNode info(String id, Picture picture, int[][] sizes, int level) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("@context", "http://iiif.io/api/image/2/context.json");
        info.put("@id", id);
        info.put("protocol", "http://iiif.io/api/image");
        info.put("width", picture.width());
        info.put("height", picture.height());
        ArrayNode list = info.putArray("sizes");
        for (int i = sizes.length - 1; i >= 0; i--) {
            list.addObject().put("width", sizes[i][0]).put("height", sizes[i][1]);
        }
        info.putArray("profile").add("http://iiif.io/api/image/2/level" + level + ".json");
        return info;
    }
}
