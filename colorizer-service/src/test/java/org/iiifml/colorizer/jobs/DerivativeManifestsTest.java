package org.iiifml.colorizer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.iiifml.iiif.testing.PresentationSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the derivative manifest keeps of its source, and what it says of its colours. */
class DerivativeManifestsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String SOURCE = """
            {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://example.org/m", "type": "Manifest",
             "label": {"fr": ["Cartes postales"]},
             "metadata": [{"label": {"en": ["Date"]}, "value": {"none": ["1905"]}}],
             "requiredStatement": {"label": {"en": ["Attribution"]}, "value": {"en": ["Example Library"]}},
             "rights": "http://creativecommons.org/publicdomain/mark/1.0/",
             "provider": [{"id": "https://example.org/library", "type": "Agent", "label": {"en": ["Example Library"]}}],
             "items": [{"id": "https://example.org/c1", "type": "Canvas", "label": {"none": ["1"]}, "width": 1200, "height": 800,
               "items": [{"id": "https://example.org/c1/p", "type": "AnnotationPage", "items": [{"id": "https://example.org/c1/a",
                 "type": "Annotation", "motivation": "painting", "target": "https://example.org/c1",
                 "body": {"id": "https://example.org/iiif/c1/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                          "width": 1200, "height": 800}}]}]},
              {"id": "https://example.org/c2", "type": "Canvas", "width": 10, "height": 10, "items": []}]}
            """;

    @Test
    void theColoursProvenanceIsTheRequiredStatementAndTheSourcesMovesToMetadata() {
        JsonNode source = JSON.readTree(SOURCE);
        var made = new DerivativeManifests.Made("postcards", "3", "ab".repeat(32), Map.of("mark", true));
        var urls = new DerivativeManifests.Urls("https://suite.example/api/colorizer/jobs/1/derivative-manifest", "https://example.org/m",
                "https://suite.example/api/colorizer/images", "https://suite.example/api/colorizer/about", "Example Operator");
        var results = Map.of("https://example.org/c1", new ColorizationResult("cd".repeat(32), 1200, 800, 1, 1200, 800, "req"));
        JsonNode m = DerivativeManifests.derivative(source, results, made, urls);

        assertThat(PresentationSchema.errors(m)).isEmpty();
        assertThat(m.get("label").get("en").get(0).asString()).isEqualTo("Cartes postales (colourised)");
        assertThat(m.get("requiredStatement").get("value").get("en").get(0).asString())
                .contains("model postcards version 3").contains("not historical evidence");
        assertThat(m.get("metadata")).hasSize(2);
        assertThat(m.get("metadata").get(1).get("value").get("en").get(0).asString()).isEqualTo("Example Library");
        assertThat(m.get("rights").asString()).isEqualTo("http://creativecommons.org/publicdomain/mark/1.0/");
        assertThat(m.get("provider")).hasSize(2);
        assertThat(m.get("provider").get(1).get("label").get("en").get(0).asString()).startsWith("Example Operator");
        assertThat(m.get("items")).as("the canvas not colourised is left out").hasSize(1);
        assertThat(m.get("items").get(0).get("annotations").get(0).get("items").get(0).get("body").get("value").asString())
                .contains("postcards 3").contains("mark=true");

        JsonNode choice = DerivativeManifests.choice(source, results, made, urls);
        assertThat(PresentationSchema.errors(choice)).isEmpty();
        JsonNode items = choice.get("items").get(0).get("items").get(0).get("items").get(0).get("body").get("items");
        assertThat(items.get(0).get("id").asString()).isEqualTo("https://example.org/iiif/c1/full/max/0/default.jpg");
        assertThat(items.get(1).get("service").get(0).get("id").asString()).isEqualTo("https://suite.example/api/colorizer/images/" + "cd".repeat(32));
    }
}
