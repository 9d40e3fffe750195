package org.iiifml.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.iiifml.iiif.image.ImageInfo;
import org.iiifml.iiif.image.ImageInfoReader;
import org.iiifml.iiif.image.ImageRequest;
import org.iiifml.iiif.image.ImageRequests;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.presentation.Collection;
import org.iiifml.iiif.presentation.CollectionItem;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.iiif.presentation.PresentationVersion;
import org.iiifml.iiif.testing.PresentationSchema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The demo IIIF source as a IIIF client sees it, read back with the suite's own IIIF library. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"suite.demo.enabled=true", "suite.demo.base-url=http://demo.test:8080/demo/iiif/"})
@AutoConfigureWebTestClient(timeout = "30s")
class DemoSourceTest {

    @Autowired
    WebTestClient client;

    private final IiifJson json = IiifJson.withDefaults();

    private byte[] get(String path, MediaType type) {
        return client.get().uri(path).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(type)
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "*")
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    @Test
    void collectionListsBothManifestsWhichReadAsIiif() {
        Collection collection = new PresentationReader(json).readCollection(json.parse(
                get("/demo/iiif/collection.json", MediaType.parseMediaType("application/ld+json"))));
        assertThat(collection.items()).hasSize(2);
        Manifest book = new PresentationReader(json).readManifest(json.parse(
                get("/demo/iiif/book/manifest.json", MediaType.parseMediaType("application/ld+json"))));
        assertThat(collection.items().get(0).id()).isEqualTo(book.id());
        assertThat(book.canvases()).hasSize(4);
        assertThat(book.id()).as("ids use the configured public URL").isEqualTo("http://demo.test:8080/demo/iiif/book/manifest.json");
        assertThat(book.description().rights()).isEqualTo(DemoSource.RIGHTS);
    }

    @Test
    void theSameBookIsPublishedAsPresentation21WithTheSameImages() {
        PresentationReader reader = new PresentationReader(json);
        Manifest v3 = reader.readManifest(json.parse(get("/demo/iiif/book/manifest.json", MediaType.parseMediaType("application/ld+json"))));
        Manifest v2 = reader.readManifest(json.parse(get("/demo/iiif/v2/book/manifest.json", MediaType.parseMediaType("application/ld+json"))));
        assertThat(v2.sourceVersion()).isEqualTo(PresentationVersion.V2);
        assertThat(v2.id()).isEqualTo("http://demo.test:8080/demo/iiif/v2/book/manifest.json");
        assertThat(v2.canvases()).hasSameSizeAs(v3.canvases());
        for (int i = 0; i < v3.canvases().size(); i++) {
            assertThat(v2.canvases().get(i).id()).startsWith("http://demo.test:8080/demo/iiif/v2/book/canvas/");
            assertThat(v2.canvases().get(i).firstImage().orElseThrow().preferredService())
                    .isEqualTo(v3.canvases().get(i).firstImage().orElseThrow().preferredService());
        }
        Collection v2Collection = reader.readCollection(json.parse(get("/demo/iiif/v2/collection.json", MediaType.parseMediaType("application/ld+json"))));
        assertThat(v2Collection.sourceVersion()).isEqualTo(PresentationVersion.V2);
        assertThat(v2Collection.items()).extracting(CollectionItem::id).containsExactly(v2.id(),
                "http://demo.test:8080/demo/iiif/v2/photographs/manifest.json");
    }

    @Test
    void theIndexListsEveryDocument() {
        for (String index : new String[] {"/demo/iiif", "/demo/iiif/"}) {
            JsonNode listing = json.parse(get(index, MediaType.APPLICATION_JSON));
            List<String> urls = new java.util.ArrayList<>();
            listing.get("documents").forEach(d -> urls.add(d.get("url").asString()));
            assertThat(urls).as(index).contains("http://demo.test:8080/demo/iiif/collection.json",
                    "http://demo.test:8080/demo/iiif/book/manifest.json", "http://demo.test:8080/demo/iiif/v2/book/manifest.json",
                    "http://demo.test:8080/demo/iiif/v2/collection.json");
        }
    }

    @Test
    void everyDemoDocumentIsValidPresentation3() {
        for (String path : new String[] {"/demo/iiif/collection.json", "/demo/iiif/book/manifest.json", "/demo/iiif/photographs/manifest.json"}) {
            assertThat(PresentationSchema.errors(json.parse(get(path, MediaType.parseMediaType("application/ld+json"))))).as(path).isEmpty();
        }
    }

    @Test
    void everyImageServiceServesItsListedSizes() throws IOException {
        Manifest photos = new PresentationReader(json).readManifest(json.parse(
                get("/demo/iiif/photographs/manifest.json", MediaType.parseMediaType("application/ld+json"))));
        for (var canvas : photos.canvases()) {
            String serviceId = canvas.firstImage().orElseThrow().preferredService().orElseThrow().id();
            String path = serviceId.substring(serviceId.indexOf("/demo/"));
            ImageInfo info = new ImageInfoReader(json).read(json.parse(get(path + "/info.json", MediaType.APPLICATION_JSON)));
            assertThat(info.service().level()).isZero();
            assertThat(info.sizes()).hasSize(3);
            assertThat(info.width()).isEqualTo(canvas.width());
            ImageRequest request = ImageRequests.fit(info, null, 640, 640, false, "jpg");
            byte[] jpeg = get(request.url().substring(request.url().indexOf("/demo/")), MediaType.IMAGE_JPEG);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertThat(image.getWidth()).isEqualTo(request.width());
            assertThat(image.getHeight()).isEqualTo(request.height());
        }
    }

    @Test
    void sizesItDoesNotListAreNotFound() {
        client.get().uri("/demo/iiif/images/book-p1/full/333,/0/default.jpg").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/demo/iiif/images/book-p1/0,0,10,10/full/0/default.jpg").exchange()
                .expectStatus().isNotFound();
    }
}
