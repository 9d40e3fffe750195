package org.iiifml.iiif.presentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.iiifml.iiif.corpus.Corpus;
import org.iiifml.iiif.json.IiifJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every corpus manifest and collection, written as Presentation 3 and read again, gives the same model as
 * {@link V3Repairs} made of it (the writer repairs first); written as v2, the model as read.
 */
class RoundTripTest {

    private final IiifJson json = IiifJson.withDefaults();
    private final PresentationReader reader = new PresentationReader(json);

    static Stream<String> manifests() {
        return Stream.concat(Corpus.files("presentation2").stream().map(f -> "presentation2/" + f),
                Corpus.files("presentation3").stream().map(f -> "presentation3/" + f));
    }

    static Stream<String> collections() {
        return Corpus.files("collections").stream().map(f -> "collections/" + f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void manifestSurvivesWritingAsV3(String path) {
        Manifest first = reader.readManifest(open(path));
        ObjectNode written = PresentationWriter.toV3(first);
        assertThat(written.get("@context").asString()).isEqualTo(PresentationWriter.CONTEXT);
        assertThat(written.get("type").asString()).isEqualTo("Manifest");
        // Through bytes, as a client would receive it.
        JsonNode reparsed = json.parse(json.writeBytes(written));
        Manifest again = reader.readManifest(reparsed);
        assertThat(again.sourceVersion()).isEqualTo(PresentationVersion.V3);
        assertThat(again).usingRecursiveComparison().ignoringFields("sourceVersion").isEqualTo(V3Repairs.manifest(first).value());
        // Repairs are done once: the written document needs none more.
        assertThat(V3Repairs.manifest(again).notes()).isEmpty();
        assertThat(PresentationWriter.toV3(again)).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collections")
    void collectionSurvivesWritingAsV3(String path) {
        Collection first = reader.readCollection(open(path));
        Collection again = reader.readCollection(json.parse(json.writeBytes(PresentationWriter.toV3(first))));
        assertThat(again).usingRecursiveComparison().ignoringFields("sourceVersion").isEqualTo(V3Repairs.collection(first).value());
        assertThat(V3Repairs.collection(again).notes()).isEmpty();
    }

    static Stream<String> v2Manifests() {
        return Corpus.files("presentation2").stream().map(f -> "presentation2/" + f);
    }

    static Stream<String> v2Collections() {
        return Corpus.files("collections").stream().filter(f -> f.startsWith("c2-")).map(f -> "collections/" + f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v2Manifests")
    void v2ManifestSurvivesWritingAsV2(String path) {
        Manifest first = reader.readManifest(open(path));
        ObjectNode written = PresentationWriter.toV2(first);
        assertThat(written.get("@type").asString()).isEqualTo("sc:Manifest");
        Manifest again = reader.readManifest(json.parse(json.writeBytes(written)));
        assertThat(again.sourceVersion()).isEqualTo(PresentationVersion.V2);
        assertThat(again).usingRecursiveComparison().isEqualTo(first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v2Collections")
    void v2CollectionSurvivesWritingAsV2(String path) {
        Collection first = reader.readCollection(open(path));
        Collection again = reader.readCollection(json.parse(json.writeBytes(PresentationWriter.toV2(first))));
        // v2 writes sub-collections before manifests, as the reader reads them.
        assertThat(again).usingRecursiveComparison().ignoringFields("items").isEqualTo(first);
        assertThat(again.items()).containsExactlyInAnyOrderElementsOf(first.items());
    }

    private static java.io.InputStream open(String path) {
        String[] parts = path.split("/", 2);
        return Corpus.open(parts[0], parts[1]);
    }
}
