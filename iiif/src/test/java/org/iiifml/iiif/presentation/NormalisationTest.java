package org.iiifml.iiif.presentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.iiifml.iiif.testing.PresentationSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The normalisation faults found on real documents, each on a document of the same shape written for
 * these tests (src/test/resources/fixtures), and the repairs that make the output valid Presentation 3.
 */
class NormalisationTest {

    private final PresentationReader reader = new PresentationReader();

    private static InputStream fixture(String name) {
        return NormalisationTest.class.getResourceAsStream("/fixtures/" + name);
    }

    @Test
    void prefixedV2TypesAreTheV3Types() {
        Manifest manifest = reader.readManifest(fixture("v2-prefixed-types.json"));
        assertThat(manifest.canvases()).as("a canvas typed by its full URI is a canvas").hasSize(3);
        assertThat(manifest.canvases()).allSatisfy(c -> assertThat(c.firstImage()).as(c.id()).isPresent());
        ObjectNode v3 = PresentationWriter.toV3(manifest);
        for (JsonNode canvas : v3.get("items")) {
            assertThat(canvas.at("/items/0/items/0/body/type").asString()).isEqualTo("Image");
        }
        assertThat(PresentationSchema.errors(v3)).isEmpty();
    }

    @Test
    void typesAreInferredOnlyWhereTheFormatLeavesNoDoubt() {
        Manifest manifest = reader.readManifest(fixture("v3-untyped-bodies.json"));
        List<ContentResource> bodies = manifest.canvases().get(0).paintings().get(0).bodies();
        assertThat(bodies).extracting(ContentResource::type).containsExactly("Video", "Text", null, "Image");
        assertThat(bodies.get(2).isImage()).as("the untyped file is not taken for an image").isFalse();

        JsonNode written = PresentationWriter.toV3(manifest).at("/items/0/items/0/items/0/body");
        assertThat(written.get(1).get("type").asString()).isEqualTo("Text");
        assertThat(written.get(2).has("type")).as("no type is invented from nothing").isFalse();
    }

    @Test
    void v2CollectionMembersListedTwiceAreListedOnceInDocumentOrder() {
        Collection collection = reader.readCollection(fixture("v2-collection-members-twice.json"));
        assertThat(collection.items()).extracting(CollectionItem::id).containsExactly(
                "https://museum.example/iiif/poster/1/manifest",
                "https://museum.example/iiif/collection/posters/1920s",
                "https://museum.example/iiif/poster/2/manifest",
                "https://museum.example/iiif/poster/3/manifest");
        assertThat(collection.items()).extracting(CollectionItem::kind).containsExactly(CollectionItem.Kind.MANIFEST,
                CollectionItem.Kind.COLLECTION, CollectionItem.Kind.MANIFEST, CollectionItem.Kind.MANIFEST);
        assertThat(PresentationSchema.errors(PresentationWriter.toV3(collection))).isEmpty();
    }

    @Test
    void v2HabitsAreWrittenAsV3SaysAndEachRepairIsNamed() {
        Manifest manifest = reader.readManifest(fixture("v2-rights-and-languages.json"));
        assertThat(manifest.label().values()).containsOnlyKeys(LanguageMap.NONE);

        V3Repairs.Repaired<Manifest> repaired = V3Repairs.manifest(manifest);
        assertThat(repaired.notes()).containsExactly(
                "rights https://creativecommons.org/publicdomain/mark/1.0/ written in its canonical form http://creativecommons.org/publicdomain/mark/1.0/",
                "1 canvas without a width and height took the size of the one image painted on it");

        ObjectNode v3 = PresentationWriter.toV3(manifest);
        assertThat(v3.get("rights").asString()).isEqualTo("http://creativecommons.org/publicdomain/mark/1.0/");
        assertThat(v3.at("/metadata/0/value").propertyNames()).containsExactly("none", "en");
        assertThat(v3.at("/items/0/width").asInt()).isEqualTo(4000);
        assertThat(v3.at("/items/0/height").asInt()).isEqualTo(3000);
        assertThat(v3.at("/items/0/items/0/items/0/body/service/0/@type").asString()).isEqualTo("ImageService2");
        assertThat(PresentationSchema.errors(v3)).isEmpty();
    }

    @Test
    void rightsOutsideTheAllowedSetsMoveToMetadata() {
        assertThat(V3Repairs.canonicalRights("https://www.rightsstatements.org/page/InC/1.0/?language=en"))
                .contains("http://rightsstatements.org/vocab/InC/1.0/?language=en");
        assertThat(V3Repairs.canonicalRights("http://creativecommons.org/licenses/by/4.0/")).contains("http://creativecommons.org/licenses/by/4.0/");
        assertThat(V3Repairs.canonicalRights("https://wellcomecollection.org/works/terms")).isEmpty();
        assertThat(V3Repairs.canonicalRights("All rights reserved")).isEmpty();

        Manifest source = reader.readManifest(fixture("v2-rights-and-languages.json"));
        Descriptive d = source.description();
        Manifest own = new Manifest(source.id(), source.sourceVersion(), new Descriptive(d.label(), d.summary(),
                d.metadata(), d.requiredStatement(), "All rights reserved", d.provider(), d.homepage(), d.seeAlso(),
                d.partOf(), d.rendering(), d.thumbnails()), source.viewingDirection(), source.behavior(),
                source.canvases(), source.structures());
        V3Repairs.Repaired<Manifest> repaired = V3Repairs.manifest(own);
        assertThat(repaired.notes()).first().asString().contains("moved to metadata");
        ObjectNode v3 = PresentationWriter.toV3(own);
        assertThat(v3.has("rights")).isFalse();
        assertThat(v3.at("/metadata/1/label/en/0").asString()).isEqualTo("Rights");
        assertThat(v3.at("/metadata/1/value/none/0").asString()).isEqualTo("All rights reserved");
        assertThat(PresentationSchema.errors(v3)).isEmpty();
    }

    @Test
    void aRelativeManifestIdIsResolvedAgainstTheUrlItWasReadFrom() {
        Manifest source = reader.readManifest(fixture("v2-prefixed-types.json"));
        Manifest relative = new Manifest("manifest.json", source.sourceVersion(), source.description(),
                source.viewingDirection(), source.behavior(), source.canvases(), source.structures());
        V3Repairs.Repaired<Manifest> resolved = V3Repairs.manifest(relative, java.net.URI.create("https://library.example/iiif/letters/12/manifest.json"));
        assertThat(resolved.value().id()).isEqualTo("https://library.example/iiif/letters/12/manifest.json");
        assertThat(resolved.notes()).first().asString().contains("the relative id manifest.json resolved");
        assertThat(V3Repairs.manifest(relative).value().id()).as("without the URL, as written").isEqualTo("manifest.json");
        assertThat(V3Repairs.manifest(source, java.net.URI.create("https://elsewhere.example/m")).value().id())
                .as("an absolute id is never moved").isEqualTo(source.id());
    }
}
