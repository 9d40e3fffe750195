package org.iiifml.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.iiifml.iiif.testing.PresentationSchema;
import org.iiifml.support.outbound.StubServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fetcher's endpoints on a real port, in front of a stand-in IIIF server on loopback (opened with
 * suite.outbound.allow-loopback, as the local run does): real documents of the corpus, a paged collection
 * with a cycle, level-2 and level-0 image services, and the bad cases.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "suite.outbound.allow-loopback=true", "suite.outbound.max-attempts=1", "suite.images.max-output-pixels=1000000"})
@AutoConfigureWebTestClient(timeout = "30s")
class FetcherEndpointsTest {

    static final StubServer IIIF = new StubServer();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        IIIF.answer((req, res) -> {
            String path = req.uri().replaceAll("\\?.*$", "");
            return switch (path) {
                case "/p2.json" -> file(res, "/iiif/p2-nls-forth-bridge-ranges.json");
                case "/p3.json" -> file(res, "/iiif/p3-cookbook-0009-book-1.json");
                // The IIIF library's own fixtures (its test-jar): a v2 manifest with an https CC rights URI,
                // a canvas without size and an untyped image service; a v2 collection listing members twice.
                case "/repairs.json" -> file(res, "/fixtures/v2-rights-and-languages.json");
                case "/members-twice.json" -> file(res, "/fixtures/v2-collection-members-twice.json");
                // A real manifest whose @id is the relative "manifest.json" (the library's corpus, in its test-jar).
                case "/wellcome/manifest.json" -> file(res, "/iiif-corpus/presentation2/p2-wellcome-thumbnails-with-services.json");
                case "/collection/1" -> StubServer.json(res, page(1, "/collection/2"));
                case "/collection/2" -> StubServer.json(res, page(2, "/collection/1"));
                case "/deep.json" -> StubServer.json(res, "[".repeat(10_000) + "]".repeat(10_000));
                case "/img/info.json" -> StubServer.json(res, info("/img", 2000, 1000, "level2"));
                case "/img/full/640,/0/default.jpg" -> jpeg(res, 640, 320);
                case "/img/1000,0,1000,1000/640,/0/default.jpg" -> jpeg(res, 640, 640);
                case "/canvases.json" -> StubServer.json(res, canvases());
                case "/plain.jpg" -> jpeg(res, 800, 400);
                case "/l0/info.json" -> StubServer.json(res, info("/l0", 2000, 1000, "level0")
                        .replace("\"profile\"", "\"sizes\": [{\"width\": 500, \"height\": 250}, {\"width\": 1000, \"height\": 500}], \"profile\""));
                case "/l0/full/1000,/0/default.jpg" -> jpeg(res, 1000, 500);
                case "/bomb/info.json" -> StubServer.json(res, info("/bomb", 2000, 1000, "level2"));
                case "/bomb/full/640,/0/default.jpg" -> res.header("Content-Type", "image/png").sendByteArray(Mono.just(pngHeader(100_000, 100_000)));
                case "/html/info.json" -> StubServer.json(res, info("/html", 2000, 1000, "level2"));
                // Servers whose Content-Type is not what their bytes are.
                case "/svg/info.json", "/pngjpeg/info.json", "/gif/info.json", "/mixed/info.json" ->
                        StubServer.json(res, info(path.replace("/info.json", ""), 2000, 1000, "level2"));
                case "/svg/full/640,/0/default.jpg" -> encoded(res, "image/svg+xml", "jpg");
                case "/pngjpeg/full/640,/0/default.png" -> encoded(res, "image/png", "jpg");
                case "/gif/full/640,/0/default.jpg" -> encoded(res, "image/gif", "gif");
                case "/mixed/full/640,/0/default.jpg" -> encoded(res, "image/jpeg, text/html", "jpg");
                case "/cut/info.json" -> StubServer.json(res, info("/cut", 2000, 1000, "level2"));
                case "/cut/full/640,/0/default.jpg" -> truncated(res);
                case "/html/full/640,/0/default.jpg" -> res.header("Content-Type", "text/html").sendString(Mono.just("<html></html>"));
                default -> {
                    java.util.regex.Matcher w = java.util.regex.Pattern.compile("/img/full/(\\d+),/0/default.jpg").matcher(path);
                    yield w.matches() ? jpeg(res, Integer.parseInt(w.group(1)), Integer.parseInt(w.group(1)) / 2) : res.status(404).send();
                }
            };
        });
    }

    @AfterAll
    static void stop() {
        IIIF.close();
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    private URI api(String path, String name, String value) {
        return UriComponentsBuilder.fromUriString("http://localhost:" + port + path).queryParam(name, value).encode().build().toUri();
    }

    @Test
    void v2ManifestIsServedAsPresentation3() {
        client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/p2.json"))).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/ld+json"))
                .expectHeader().valueEquals("X-IIIF-Source-Version", "2")
                .expectBody()
                .jsonPath("$['@context']").isEqualTo("http://iiif.io/api/presentation/3/context.json")
                .jsonPath("$.type").isEqualTo("Manifest")
                .jsonPath("$.items.length()").isEqualTo(40)
                .jsonPath("$.items[0].items[0].items[0].body.service[0]['@id']").isEqualTo("https://view.nls.uk/iiif/7443/74438561.5")
                .jsonPath("$.structures.length()").isEqualTo(40);
    }

    @Test
    void everyPresentation3AnswerPassesTheValidatorSchemaAndNamesItsRepairs() {
        for (String path : new String[] {"/p2.json", "/p3.json", "/repairs.json", "/wellcome/manifest.json"}) {
            byte[] body = client.get().uri(api("/api/iiif/manifest", "url", IIIF.url(path))).exchange()
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody();
            assertThat(PresentationSchema.errors(JSON.readTree(body))).as(path).isEmpty();
        }
        client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/repairs.json"))).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-IIIF-Repairs",
                        "rights https://creativecommons.org/publicdomain/mark/1.0/ written in its canonical form"
                                + " http://creativecommons.org/publicdomain/mark/1.0/; 1 canvas without a width and height"
                                + " took the size of the one image painted on it")
                .expectBody()
                .jsonPath("$.rights").isEqualTo("http://creativecommons.org/publicdomain/mark/1.0/")
                .jsonPath("$.items[0].items[0].items[0].body.service[0]['@type']").isEqualTo("ImageService2");
        client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/p3.json"))).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("X-IIIF-Repairs");

        byte[] relative = client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/wellcome/manifest.json"))).exchange()
                .expectStatus().isOk()
                .expectHeader().value("X-IIIF-Repairs", v -> assertThat(v).contains("the relative id manifest.json resolved"))
                .expectBody().jsonPath("$.id").isEqualTo(IIIF.url("/wellcome/manifest.json"))
                .returnResult().getResponseBody();
        assertThat(PresentationSchema.errors(JSON.readTree(relative))).isEmpty();

        byte[] collection = client.get().uri(api("/api/iiif/collection", "url", IIIF.url("/members-twice.json"))).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(4)
                .returnResult().getResponseBody();
        assertThat(PresentationSchema.errors(JSON.readTree(collection))).isEmpty();
    }

    @Test
    void v2ManifestIsServedBackAsV2WhenAsked() {
        client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/p2.json")) + "&presentation=2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$['@context']").isEqualTo("http://iiif.io/api/presentation/2/context.json")
                .jsonPath("$['@type']").isEqualTo("sc:Manifest")
                .jsonPath("$.sequences[0].canvases.length()").isEqualTo(40);
        problem(client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/p3.json")) + "&presentation=2").exchange(), 422, "unprocessable");
        problem(client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/p2.json")) + "&presentation=4").exchange(), 400, "bad-request");
    }

    @Test
    void v3ManifestKeepsItsIds() {
        client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/p3.json"))).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-IIIF-Source-Version", "3")
                .expectBody()
                .jsonPath("$.id").isEqualTo("https://iiif.io/api/cookbook/recipe/0009-book-1/manifest.json")
                .jsonPath("$.items.length()").isEqualTo(5);
    }

    @Test
    void pagedCollectionIsMergedAndItsCycleEnds() {
        client.get().uri(api("/api/iiif/collection", "url", IIIF.url("/collection/1"))).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-IIIF-Truncated", "false")
                .expectBody()
                .jsonPath("$.type").isEqualTo("Collection")
                .jsonPath("$.items.length()").isEqualTo(4)
                // Page by page; within a v2 page, sub-collections come before manifests.
                .jsonPath("$.items[0].id").isEqualTo("https://example.org/iiif/1/sub")
                .jsonPath("$.items[1].id").isEqualTo("https://example.org/iiif/1/a/manifest")
                .jsonPath("$.items[2].type").isEqualTo("Collection")
                .jsonPath("$.items[3].id").isEqualTo("https://example.org/iiif/2/a/manifest")
                .jsonPath("$.items[3].type").isEqualTo("Manifest");
    }

    @Test
    void aManifestWhereACollectionIsExpectedIsNotIiif() {
        problem(client.get().uri(api("/api/iiif/collection", "url", IIIF.url("/p3.json"))).exchange(), 422, "not-iiif");
        problem(client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/deep.json"))).exchange(), 422, "not-iiif");
    }

    @Test
    void refusedAndMissingDocumentsAreProblemsAndTheServiceStaysReady() {
        problem(client.get().uri(api("/api/iiif/manifest", "url", "http://169.254.169.254/latest/meta-data/")).exchange(), 400, "url-refused");
        problem(client.get().uri(api("/api/iiif/manifest", "url", "http://10.0.0.8/manifest")).exchange(), 400, "url-refused");
        problem(client.get().uri(api("/api/iiif/manifest", "url", "file:///etc/passwd")).exchange(), 400, "url-refused");
        problem(client.get().uri(api("/api/iiif/manifest", "url", IIIF.url("/missing.json"))).exchange(), 404, "upstream-not-found");
        problem(client.get().uri("/api/iiif/manifest").exchange(), 400, "bad-request");
        problem(client.get().uri(api("/api/iiif/manifest", "url", "http://example.org/" + "x".repeat(5000))).exchange(), 400, "bad-request");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void imageInfoIsReadInOneShape() {
        client.get().uri(api("/api/iiif/image-info", "service", IIIF.url("/l0"))).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(IIIF.url("/l0"))
                .jsonPath("$.version").isEqualTo("2")
                .jsonPath("$.level").isEqualTo(0)
                .jsonPath("$.sizes.length()").isEqualTo(2);
    }

    @Test
    void imageIsFetchedAtTheSizeAskedNotFull() throws IOException {
        byte[] jpeg = client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/img") + "&width=640&height=640")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_JPEG)
                .expectHeader().valueEquals("X-IIIF-Request", IIIF.url("/img/full/640,/0/default.jpg"))
                .expectHeader().valueEquals("X-Image-Width", "640")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(jpeg)).getHeight()).isEqualTo(320);
    }

    /** The answer is what its bytes are, JPEG or PNG, never the upstream's Content-Type, and no browser guesses. */
    @Test
    void imagesAreAnsweredAsWhatTheyAreNotAsTheirServerSays() throws IOException {
        String[][] cases = {{"/svg", "jpg", "image/jpeg", "jpeg"}, {"/pngjpeg", "png", "image/png", "png"},
                {"/gif", "jpg", "image/jpeg", "jpeg"}, {"/mixed", "jpg", "image/jpeg", "jpeg"}};
        for (String[] c : cases) {
            byte[] body = client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url(c[0])
                            + "&width=640&height=640&format=" + c[1])
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentType(c[2])
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("Content-Disposition", "inline; filename=\"image." + c[1] + "\"")
                    .expectBody(byte[].class).returnResult().getResponseBody();
            try (var in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(body))) {
                var reader = ImageIO.getImageReaders(in).next();
                assertThat(reader.getFormatName().toLowerCase(java.util.Locale.ROOT)).as(c[0]).isEqualTo(c[3]);
            }
        }
    }

    /** A level-0 server's listed size larger than the box is scaled down to it here. */
    @Test
    void aLevelZeroAnswerIsNeverLargerThanTheBox() throws IOException {
        byte[] jpeg = client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/l0") + "&width=640&height=640")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-IIIF-Request", IIIF.url("/l0/full/1000,/0/default.jpg"))
                .expectHeader().valueEquals("X-Image-Width", "640")
                .expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(320);
    }

    /** An upscale past suite.images.max-output-pixels (1 MP in this test) is asked for smaller, of the same shape. */
    @Test
    void anUpscaleIsCappedAtTheOutputPixels() throws IOException {
        byte[] jpeg = client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/img")
                        + "&width=4000&height=4000&upscale=true")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-IIIF-Request", IIIF.url("/img/full/1414,/0/default.jpg"))
                .expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(1_000_000);
        assertThat(image.getWidth()).isEqualTo(2 * image.getHeight());
    }

    @Test
    void levelZeroRegionIsCutFromAListedSize() throws IOException {
        var response = client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/l0")
                        + "&region=1000,0,1000,1000&width=2000&height=2000&format=png")
                .exchange();
        byte[] png = response
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_PNG)
                .expectHeader().valueEquals("X-IIIF-Request", IIIF.url("/l0/full/1000,/0/default.jpg"))
                .expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage cut = ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(cut.getWidth()).isEqualTo(500);
        assertThat(cut.getHeight()).isEqualTo(500);
    }

    @Test
    void imageBadCasesAreProblems() {
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/bomb") + "&width=640&height=640")
                .exchange(), 422, "image-too-large");
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/html") + "&width=640&height=640")
                .exchange(), 422, "not-iiif");
        // A truncated JPEG is refused, never re-encoded into a clean image the models would take for a page.
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/cut") + "&width=640&height=640")
                .exchange(), 422, "image-unreadable");
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/img") + "&width=0&height=640")
                .exchange(), 400, "bad-request");
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/img") + "&width=64&height=64&region=1,2,3")
                .exchange(), 400, "bad-request");
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/img") + "&width=64&height=64&region=5000,0,10,10")
                .exchange(), 400, "bad-request");
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?service=" + IIIF.url("/img") + "&width=64&height=64&format=gif")
                .exchange(), 400, "bad-request");
    }

    private String canvasImage(String canvas, String extra) {
        return "http://localhost:" + port + "/api/iiif/image?manifest=" + IIIF.url("/canvases.json") + "&canvas=" + canvas + extra;
    }

    @Test
    void canvasImageGoesThroughItsServiceWithTheRegionInCanvasPixels() {
        // The canvas is 1000×500 and its image 2000×1000: canvas pixels are half image pixels.
        client.get().uri(canvasImage("https://example.org/c1", "&width=640&height=640")).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-IIIF-Request", IIIF.url("/img/full/640,/0/default.jpg"));
        client.get().uri(canvasImage("https://example.org/c1", "&region=500,0,500,500&width=640&height=640")).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-IIIF-Request", IIIF.url("/img/1000,0,1000,1000/640,/0/default.jpg"))
                .expectHeader().valueEquals("X-Image-Width", "640");
    }

    @Test
    void canvasImageWithoutAServiceIsDownloadedAndScaledHere() throws IOException {
        byte[] jpeg = client.get().uri(canvasImage("https://example.org/c2", "&width=200&height=200")).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-IIIF-Request", IIIF.url("/plain.jpg"))
                .expectHeader().valueEquals("X-Image-Width", "200")
                .expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(100);
    }

    @Test
    void canvasImageBadCasesAreProblems() {
        problem(client.get().uri(canvasImage("https://example.org/nope", "&width=64&height=64")).exchange(), 422, "unprocessable");
        problem(client.get().uri(canvasImage("https://example.org/c3", "&width=64&height=64")).exchange(), 422, "unprocessable");
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?width=64&height=64").exchange(), 400, "bad-request");
        problem(client.get().uri(canvasImage("https://example.org/c1", "&width=64&height=64&service=" + IIIF.url("/img"))).exchange(),
                400, "bad-request");
        problem(client.get().uri("http://localhost:" + port + "/api/iiif/image?canvas=x&width=64&height=64").exchange(), 400, "bad-request");
    }

    private static String canvases() {
        return """
                {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "%s", "type": "Manifest",
                 "label": {"en": ["Canvases"]},
                 "items": [
                  {"id": "https://example.org/c1", "type": "Canvas", "width": 1000, "height": 500,
                   "items": [{"id": "https://example.org/c1/p", "type": "AnnotationPage", "items": [
                    {"id": "https://example.org/c1/a", "type": "Annotation", "motivation": "painting", "target": "https://example.org/c1",
                     "body": {"id": "%s", "type": "Image", "width": 2000, "height": 1000,
                              "service": [{"@id": "%s", "@type": "ImageService2", "profile": "http://iiif.io/api/image/2/level2.json"}]}}]}]},
                  {"id": "https://example.org/c2", "type": "Canvas", "width": 800, "height": 400,
                   "items": [{"id": "https://example.org/c2/p", "type": "AnnotationPage", "items": [
                    {"id": "https://example.org/c2/a", "type": "Annotation", "motivation": "painting", "target": "https://example.org/c2",
                     "body": {"id": "%s", "type": "Image", "format": "image/jpeg", "width": 800, "height": 400}}]}]},
                  {"id": "https://example.org/c3", "type": "Canvas", "width": 10, "height": 10, "items": []}
                 ]}
                """.formatted(IIIF.url("/canvases.json"), IIIF.url("/img/full/full/0/default.jpg"), IIIF.url("/img"), IIIF.url("/plain.jpg"));
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String slug) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:iiif-ml:problem:" + slug);
    }

    private static String page(int n, String next) {
        return """
                {"@context": "http://iiif.io/api/presentation/2/context.json", "@id": "%s", "@type": "sc:Collection",
                 "label": "Page %d", "next": "%s",
                 "manifests": [{"@id": "https://example.org/iiif/%d/a/manifest", "@type": "sc:Manifest", "label": "a"}],
                 "collections": [{"@id": "https://example.org/iiif/%d/sub", "@type": "sc:Collection", "label": "sub"}]}
                """.formatted(IIIF.url("/collection/" + n), n, IIIF.url(next), n, n);
    }

    private static String info(String path, int width, int height, String level) {
        return """
                {"@context": "http://iiif.io/api/image/2/context.json", "@id": "%s", "protocol": "http://iiif.io/api/image",
                 "width": %d, "height": %d, "profile": ["http://iiif.io/api/image/2/%s.json"]}
                """.formatted(IIIF.url(path), width, height, level);
    }

    private static Mono<Void> file(HttpServerResponse res, String resource) {
        try (InputStream in = FetcherEndpointsTest.class.getResourceAsStream(resource)) {
            byte[] bytes = in.readAllBytes();
            return res.header("Content-Type", "application/ld+json").sendByteArray(Mono.just(bytes)).then();
        } catch (IOException e) {
            return Mono.error(e);
        }
    }

    /** A JPEG cut off before its end-of-image marker, as a broken transfer or a broken server leaves it. */
    private static Mono<Void> truncated(HttpServerResponse res) {
        byte[] whole = image(640, 320, "jpg");
        return res.header("Content-Type", "image/jpeg").sendByteArray(Mono.just(java.util.Arrays.copyOf(whole, whole.length / 2))).then();
    }

    /** A 640 × 320 image in {@code format}, sent with the Content-Type given, whatever it says. */
    private static Mono<Void> encoded(HttpServerResponse res, String contentType, String format) {
        return encoded(res, contentType, format, 640, 320);
    }

    private static Mono<Void> jpeg(HttpServerResponse res, int width, int height) {
        return encoded(res, "image/jpeg", "jpg", width, height);
    }

    private static Mono<Void> encoded(HttpServerResponse res, String contentType, String format, int width, int height) {
        return res.header("Content-Type", contentType).sendByteArray(Mono.just(image(width, height, format))).then();
    }

    /** A black image of that size, encoded. */
    private static byte[] image(int width, int height, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A PNG that declares width × height in its header: a pixel bomb, a few dozen bytes long. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
