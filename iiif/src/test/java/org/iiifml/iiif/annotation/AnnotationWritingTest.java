package org.iiifml.iiif.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.iiifml.iiif.corpus.Corpus;
import org.iiifml.iiif.image.Region;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.Nodes;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.iiif.presentation.PresentationVersion;
import org.iiifml.iiif.testing.PresentationSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Annotations written the way viewers read them, read back by the library, on real manifests. */
class AnnotationWritingTest {

    private static final Generator MODEL = new Generator("urn:iiif-ml:model:illustrations:1.0.0", "illustrations", "1.0.0");
    private final IiifJson json = IiifJson.withDefaults();
    private final AnnotationReader annotations = new AnnotationReader(json);
    private final PresentationReader presentations = new PresentationReader(json);

    private static Annotation detection(String canvasId, int n, Region region) {
        return new Annotation(canvasId + "/illustrations/" + n, List.of("tagging"),
                List.of(Body.text("illustration", "en", "tagging", 0.875)), new Target(canvasId, new Selector("FragmentSelector", "xywh=" + region.xywh())), MODEL);
    }

    @Test
    void v3PageReadsBackWithTargetsBodiesAndGenerator() {
        String canvas = "https://example.org/iiif/book/canvas/p1";
        List<Annotation> written = List.of(detection(canvas, 1, new Region(10, 20, 300, 400)), detection(canvas, 2, new Region(0, 0, 5, 5)));
        ObjectNode page = AnnotationWriter.v3Page("https://example.org/pages/p1", written, true);
        assertThat(page.get("@context").asString()).isEqualTo(AnnotationWriter.PRESENTATION_3_CONTEXT);
        assertThat(page.at("/items/0/target").asString()).isEqualTo(canvas + "#xywh=10,20,300,400");
        assertThat(page.has("partOf")).as("v3 pages are part of annotation collections only").isFalse();
        assertThat(PresentationSchema.errors(page)).isEmpty();

        List<Annotation> read = annotations.read(json.parse(json.writeBytes(page)));
        assertThat(read).usingRecursiveComparison().isEqualTo(written);
    }

    @Test
    void v2ListReadsBackWithOaTermsAndTheSameRegions() {
        String canvas = "http://iiif.io/api/presentation/2.1/example/fixtures/canvas/1/c1.json";
        List<Annotation> written = List.of(detection(canvas, 1, new Region(1, 2, 3, 4)));
        ObjectNode list = AnnotationWriter.v2List("https://example.org/lists/c1", "https://example.org/m", written, true);
        assertThat(list.get("@type").asString()).isEqualTo("sc:AnnotationList");
        assertThat(list.at("/resources/0/motivation/0").asString()).isEqualTo("oa:tagging");
        assertThat(list.at("/resources/0/resource/0/@type").asString()).isEqualTo("cnt:ContentAsText");

        Annotation read = annotations.read(json.parse(json.writeBytes(list))).get(0);
        assertThat(read.motivations()).containsExactly("oa:tagging");
        assertThat(read.target().region()).isEqualTo(new Region(1, 2, 3, 4));
        assertThat(read.target().source()).isEqualTo(canvas);
        assertThat(read.bodies().get(0).value()).isEqualTo("illustration");
        assertThat(read.bodies().get(0).confidence()).isEqualTo(0.875);
        assertThat(read.generator()).isEqualTo(new Generator(MODEL.id(), MODEL.name(), MODEL.version()));
    }

    @Test
    void annotatedV3ManifestStaysV3AndKeepsEverythingElse() {
        JsonNode source = json.parse(Corpus.open("presentation3", "p3-cookbook-0021-tagging-xywh.json"));
        Manifest before = presentations.readManifest(source);
        Canvas canvas = before.canvases().get(0);

        ObjectNode annotated = AnnotatedManifests.annotate(source,
                Map.of(canvas.id(), List.of(detection(canvas.id(), 1, new Region(265, 661, 1260, 1239)))),
                id -> id + "/detections");

        assertThat(source.toString()).as("the source is not modified").doesNotContain("/detections");
        assertThat(PresentationSchema.errors(annotated)).isEmpty();
        Manifest after = presentations.readManifest(annotated);
        assertThat(after.sourceVersion()).isEqualTo(PresentationVersion.V3);
        assertThat(after.canvases()).hasSameSizeAs(before.canvases());
        Canvas annotatedCanvas = after.canvases().get(0);
        assertThat(annotatedCanvas.annotations()).hasSize(canvas.annotations().size() + 1);
        assertThat(annotatedCanvas.paintings()).usingRecursiveComparison().isEqualTo(canvas.paintings());

        JsonNode page = Nodes.list(annotated.at("/items/0"), "annotations").get(canvas.annotations().size());
        assertThat(page.has("@context")).as("embedded pages take the manifest's context").isFalse();
        Annotation read = annotations.read(page).get(0);
        assertThat(read.target().source()).isEqualTo(canvas.id());
        assertThat(read.target().region()).isEqualTo(new Region(265, 661, 1260, 1239));
        assertThat(read.generator().name()).isEqualTo("illustrations");
    }

    @Test
    void annotatedV2ManifestStaysV2WithAListPerAnnotatedCanvas() {
        JsonNode source = json.parse(Corpus.open("presentation2", "p2-nls-forth-bridge-ranges.json"));
        Manifest before = presentations.readManifest(source);
        String second = before.canvases().get(1).id();

        ObjectNode annotated = AnnotatedManifests.annotate(source,
                Map.of(second, List.of(detection(second, 1, new Region(5, 6, 7, 8)))), id -> "https://suite.example/lists/2");

        Manifest after = presentations.readManifest(annotated);
        assertThat(after.sourceVersion()).isEqualTo(PresentationVersion.V2);
        assertThat(after.canvases().get(0).annotations()).isEqualTo(before.canvases().get(0).annotations());
        assertThat(after.canvases().get(1).annotations()).extracting(l -> l.id()).endsWith("https://suite.example/lists/2");
        JsonNode list = Nodes.list(annotated.at("/sequences/0/canvases/1"), "otherContent").get(
                before.canvases().get(1).annotations().size());
        assertThat(list.get("@type").asString()).isEqualTo("sc:AnnotationList");
        assertThat(annotations.read(list).get(0).target().region()).isEqualTo(new Region(5, 6, 7, 8));
    }

    /**
     * A v2 manifest annotated, sent as bytes and read again, is still a v2 document of the shape v2 viewers
     * load (AnnotationLists with ids in otherContent, Open Annotations with {@code on}), and every
     * annotation comes back with its id, target, body and generator; annotating it again keeps the first.
     */
    @Test
    void annotatedV2ManifestRoundTripLosesNoAnnotation() {
        JsonNode source = json.parse(Corpus.open("presentation2", "p2-wellcome-thumbnails-with-services.json"));
        List<Canvas> canvases = presentations.readManifest(source).canvases();
        String first = canvases.get(0).id();
        String third = canvases.get(2).id();
        Map<String, List<Annotation>> byCanvas = Map.of(
                first, List.of(detection(first, 1, new Region(1, 2, 30, 40)), detection(first, 2, new Region(50, 60, 70, 80))),
                third, List.of(detection(third, 1, new Region(0, 0, 100, 100))));

        JsonNode once = json.parse(json.writeBytes(AnnotatedManifests.annotate(source, byCanvas, id -> id + "/list/detections")));
        Map<String, List<Annotation>> again = Map.of(third, List.of(detection(third, 9, new Region(9, 9, 9, 9))));
        JsonNode twice = json.parse(json.writeBytes(AnnotatedManifests.annotate(once, again, id -> id + "/list/second")));

        assertThat(twice.get("@context").asString()).isEqualTo(AnnotationWriter.PRESENTATION_2_CONTEXT);
        assertThat(twice.get("@type").asString()).isEqualTo("sc:Manifest");
        Manifest read = presentations.readManifest(twice);
        assertThat(read.sourceVersion()).isEqualTo(PresentationVersion.V2);
        assertThat(read.canvases()).hasSameSizeAs(canvases);
        assertThat(read.canvases().get(0).annotations()).extracting(l -> l.id()).containsExactly(first + "/list/detections");
        assertThat(read.canvases().get(2).annotations()).extracting(l -> l.id())
                .containsExactly(third + "/list/detections", third + "/list/second");

        for (int i = 0; i < canvases.size(); i++) {
            JsonNode canvas = twice.at("/sequences/0/canvases/" + i);
            for (JsonNode list : Nodes.list(canvas, "otherContent")) {
                assertThat(list.get("@id").isString()).isTrue();
                assertThat(list.get("@type").asString()).isEqualTo("sc:AnnotationList");
                assertThat(list.at("/within/@id").asString()).isEqualTo(Nodes.id(source));
                for (JsonNode a : list.get("resources")) {
                    assertThat(a.get("@type").asString()).isEqualTo("oa:Annotation");
                    assertThat(a.get("on").asString()).startsWith(Nodes.id(canvas) + "#xywh=");
                    assertThat(a.get("motivation").get(0).asString()).startsWith("oa:");
                }
            }
        }
        List<Annotation> readBack = new java.util.ArrayList<>();
        for (JsonNode canvas : twice.at("/sequences/0/canvases")) {
            Nodes.list(canvas, "otherContent").forEach(list -> readBack.addAll(annotations.read(list)));
        }
        List<Annotation> written = new java.util.ArrayList<>(byCanvas.get(first));
        written.addAll(byCanvas.get(third));
        written.addAll(again.get(third));
        assertThat(readBack).usingRecursiveComparison().ignoringFields("motivations").isEqualTo(written);
        assertThat(readBack).allSatisfy(a -> assertThat(a.motivations()).containsExactly("oa:tagging"));
    }
}
