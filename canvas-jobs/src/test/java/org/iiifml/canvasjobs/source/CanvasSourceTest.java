package org.iiifml.canvasjobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.JsonLimits;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What a plan keeps of each canvas: enough to fetch its image and map regions without the manifest. */
class CanvasSourceTest {

    static final String MANIFEST = """
            {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://example.org/m", "type": "Manifest",
             "label": {"en": ["Book"]},
             "items": [
              {"id": "https://example.org/c1", "type": "Canvas", "label": {"en": ["p. 1"]}, "width": 1000, "height": 1500,
               "items": [{"id": "https://example.org/c1/p", "type": "AnnotationPage", "items": [
                {"id": "https://example.org/c1/a", "type": "Annotation", "motivation": "painting", "target": "https://example.org/c1",
                 "body": {"id": "https://example.org/iiif/p1/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                  "width": 2000, "height": 3000,
                  "service": [{"id": "https://example.org/iiif/p1", "type": "ImageService3", "profile": "level1"}]}}]}]},
              {"id": "https://example.org/c2", "type": "Canvas", "width": 500, "height": 400,
               "items": [{"id": "https://example.org/c2/p", "type": "AnnotationPage", "items": [
                {"id": "https://example.org/c2/a", "type": "Annotation", "motivation": "painting", "target": "https://example.org/c2",
                 "body": {"type": "SpecificResource",
                  "source": {"id": "https://example.org/plain.jpg", "type": "Image", "format": "image/jpeg", "width": 1000, "height": 800},
                  "selector": {"type": "ImageApiSelector", "region": "0,0,500,400"}}}]}]},
              {"id": "https://example.org/c3", "type": "Canvas", "width": 10, "height": 10, "items": []}
             ]}""";

    final Manifest manifest = new PresentationReader(new IiifJson(JsonLimits.DEFAULTS))
            .readManifest(JsonMapper.builder().build().readTree(MANIFEST.getBytes(StandardCharsets.UTF_8)));

    @Test
    void aCanvasWithAServiceKeepsTheServiceItsLevelAndItsPage() {
        PlannedCanvas c = CanvasSource.planned("https://example.org/m", manifest.canvases().get(0), 1);
        assertThat(c.canvasId()).isEqualTo("https://example.org/c1");
        assertThat(c.label()).isEqualTo("p. 1");
        assertThat(c.page()).isEqualTo(1);
        assertThat(c.width()).isEqualTo(1000);
        assertThat(c.image().serviceId()).isEqualTo("https://example.org/iiif/p1");
        assertThat(c.image().serviceType()).isEqualTo("ImageService3");
        assertThat(c.image().version()).isEqualTo("V3");
        assertThat(c.image().level()).isEqualTo(1);
        assertThat(c.image().width()).isEqualTo(2000);
    }

    @Test
    void aCanvasWithoutAServiceKeepsItsImageUrlAndTheSelectedRegion() {
        PlannedCanvas c = CanvasSource.planned("https://example.org/m", manifest.canvases().get(1), 2);
        assertThat(c.label()).isNull();
        assertThat(c.image().serviceId()).isNull();
        assertThat(c.image().url()).isEqualTo("https://example.org/plain.jpg");
        assertThat(c.image().region()).isEqualTo("0,0,500,400");
    }

    @Test
    void aCanvasThatPaintsNothingHasNoImage() {
        assertThat(CanvasSource.planned("https://example.org/m", manifest.canvases().get(2), 3).image()).isNull();
    }

    @Test
    void aPlannedCanvasSurvivesTheJsonItIsKeptAs() {
        JsonMapper json = JsonMapper.builder().build();
        for (int i = 0; i < 3; i++) {
            PlannedCanvas c = CanvasSource.planned("https://example.org/m", manifest.canvases().get(i), i + 1);
            assertThat(json.treeToValue(json.valueToTree(c), PlannedCanvas.class)).isEqualTo(c);
        }
        assertThat(List.of(manifest.canvases().size())).containsExactly(3);
    }
}
