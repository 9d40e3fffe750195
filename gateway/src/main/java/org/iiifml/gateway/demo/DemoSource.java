package org.iiifml.gateway.demo;

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
 * The demo IIIF source: a book of four pages (two with an illustration) and two black-and-white
 * photographs, each image behind a static level-0 Image API 2 service with three listed sizes, described
 * by Presentation 3 manifests and a collection, all made by {@link DemoImages}. Built once, on first use.
 */
final class DemoSource {

    record Picture(String id, String label, int width, int height, Supplier<BufferedImage> draw) {
    }

    record Content(Map<String, ObjectNode> documents, Map<String, byte[]> images) {
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

    static List<Picture> photographs() {
        return List.of(
                new Picture("photo-1", "Harbour, black and white", 1600, 1000, () -> DemoImages.photograph(1600, 1000, 11)),
                new Picture("photo-2", "Postcard, black and white", 1400, 900, () -> DemoImages.photograph(1400, 900, 12)));
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
        Manifest book = manifest("book", "A demo book with illustrations", book(), documents, images);
        Manifest photos = manifest("photographs", "Demo black-and-white photographs", photographs(), documents, images);
        documents.put("book/manifest.json", PresentationWriter.toV3(book));
        documents.put("photographs/manifest.json", PresentationWriter.toV3(photos));
        Collection collection = new Collection(base + "/collection.json", PresentationVersion.V3,
                descriptive("IIIF ML Suite demo collection"),
                List.of(item(book), item(photos)), Paging.NONE);
        documents.put("collection.json", PresentationWriter.toV3(collection));
        return new Content(documents, images);
    }

    private Manifest manifest(String name, String label, List<Picture> pictures, Map<String, ObjectNode> documents,
            Map<String, byte[]> images) {
        List<Canvas> canvases = new ArrayList<>();
        for (Picture picture : pictures) {
            String serviceId = base + "/images/" + picture.id();
            BufferedImage full = picture.draw().get();
            int[][] sizes = {{picture.width(), picture.height()}, {picture.width() / 2, picture.height() / 2},
                {picture.width() / 4, picture.height() / 4}};
            for (int[] size : sizes) {
                BufferedImage scaled = size[0] == full.getWidth() ? full : DemoImages.scaled(full, size[0], size[1]);
                byte[] jpeg = DemoImages.jpeg(scaled);
                images.put(picture.id() + "/full/" + size[0] + ",/0/default.jpg", jpeg);
                if (size[0] == picture.width()) {
                    images.put(picture.id() + "/full/full/0/default.jpg", jpeg);
                    images.put(picture.id() + "/full/max/0/default.jpg", jpeg);
                }
            }
            documents.put("images/" + picture.id() + "/info.json", info(serviceId, picture, sizes));
            String canvasId = base + "/" + name + "/canvas/" + picture.id();
            ImageService service = new ImageService(serviceId, "ImageService2", ImageApiVersion.V2, 0,
                    "http://iiif.io/api/image/2/level0.json");
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

    /** A static level-0 info.json: only the listed sizes exist. */
    private static ObjectNode info(String id, Picture picture, int[][] sizes) {
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
        info.putArray("profile").add("http://iiif.io/api/image/2/level0.json");
        return info;
    }
}
