package org.iiifml.demo;

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
        properties = {"suite.demo.base-url=http://demo.test:8080/demo/iiif/"})
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
        assertThat(collection.items()).hasSize(3);
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
    void thePhotographsAreBehindALevelTwoServiceThatCutsAndScalesAnyBox() throws IOException {
        JsonNode info = json.parse(get("/demo/iiif/images/photo-1/info.json", MediaType.APPLICATION_JSON));
        assertThat(info.get("profile").get(0).asString()).isEqualTo("http://iiif.io/api/image/2/level2.json");
        BufferedImage crop = ImageIO.read(new ByteArrayInputStream(get("/demo/iiif/images/photo-1/100,200,800,400/400,/0/default.jpg", MediaType.IMAGE_JPEG)));
        assertThat(crop.getWidth()).isEqualTo(400);
        assertThat(crop.getHeight()).isEqualTo(200);
        BufferedImage fit = ImageIO.read(new ByteArrayInputStream(get("/demo/iiif/images/photo-1/full/!300,300/90/gray.png", MediaType.IMAGE_PNG)));
        assertThat(fit.getWidth()).as("rotated by 90").isEqualTo(188);
        assertThat(fit.getHeight()).isEqualTo(300);
        BufferedImage square = ImageIO.read(new ByteArrayInputStream(get("/demo/iiif/images/photo-1/square/pct:10/0/default.jpg", MediaType.IMAGE_JPEG)));
        assertThat(square.getWidth()).isEqualTo(100).isEqualTo(square.getHeight());
        // Past the edge the region is cut at it; wholly outside, or not a request, is a 400 problem.
        BufferedImage edge = ImageIO.read(new ByteArrayInputStream(get("/demo/iiif/images/photo-1/1500,900,500,500/max/0/default.jpg", MediaType.IMAGE_JPEG)));
        assertThat(edge.getWidth()).isEqualTo(100);
        assertThat(edge.getHeight()).isEqualTo(100);
        for (String bad : new String[] {"/demo/iiif/images/photo-1/5000,0,10,10/max/0/default.jpg",
                "/demo/iiif/images/photo-1/full/0,/0/default.jpg", "/demo/iiif/images/photo-1/full/max/45/default.jpg",
                "/demo/iiif/images/photo-1/full/100000,100000/0/default.jpg", "/demo/iiif/images/photo-1/everything"}) {
            client.get().uri(bad).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
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

    /** Colour pictures for the trainer: twelve scenes behind a level-2 service, in colour (sky blue, fields or sea). */
    @Test
    void theColourScenesAreInColour() throws Exception {
        Manifest colour = new PresentationReader(json).readManifest(json.parse(
                get("/demo/iiif/colour/manifest.json", MediaType.parseMediaType("application/ld+json"))));
        assertThat(colour.canvases()).hasSize(12);
        String service = colour.canvases().get(0).firstImage().orElseThrow().preferredService().orElseThrow().id();
        byte[] jpeg = get(service.replace("http://demo.test:8080", "") + "/full/200,/0/default.jpg", MediaType.IMAGE_JPEG);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        int sky = image.getRGB(100, 5);
        assertThat(sky & 0xff).as("blue sky").isGreaterThan(((sky >> 16) & 0xff) + 60);
    }

    @Test
    void everyDemoDocumentIsValidPresentation3() {
        for (String path : new String[] {"/demo/iiif/collection.json", "/demo/iiif/book/manifest.json",
                "/demo/iiif/photographs/manifest.json", "/demo/iiif/volume/manifest.json", "/demo/iiif/colour/manifest.json"}) {
            assertThat(PresentationSchema.errors(json.parse(get(path, MediaType.parseMediaType("application/ld+json"))))).as(path).isEmpty();
        }
    }

    @Test
    void everyLevelZeroServiceServesItsListedSizes() throws IOException {
        Manifest book = new PresentationReader(json).readManifest(json.parse(
                get("/demo/iiif/book/manifest.json", MediaType.parseMediaType("application/ld+json"))));
        for (var canvas : book.canvases()) {
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
