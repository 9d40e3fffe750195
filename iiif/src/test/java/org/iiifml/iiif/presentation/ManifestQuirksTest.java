package org.iiifml.iiif.presentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.iiifml.iiif.corpus.Corpus;
import org.iiifml.iiif.image.ImageApiVersion;
import org.iiifml.iiif.image.ImageService;
import org.iiifml.iiif.json.IiifException;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.JsonLimits;
import org.junit.jupiter.api.Test;

/** The quirks EXPECTED.md lists under each folder, one real document at a time. */
class ManifestQuirksTest {

    private final PresentationReader reader = new PresentationReader();

    private Manifest v2(String file) {
        return reader.readManifest(Corpus.open("presentation2", file));
    }

    private Manifest v3(String file) {
        return reader.readManifest(Corpus.open("presentation3", file));
    }

    @Test
    void v2ChoiceKeepsTheDefaultFirstAndEveryAlternative() {
        PaintingAnnotation painting = v2("p2-codex-xolotl-oa-choice.json").canvases().get(0).paintings().get(0);
        assertThat(painting.choice()).isTrue();
        assertThat(painting.bodies()).hasSize(4);
        assertThat(painting.body().label().firstValue()).isEqualTo("Visible");
    }

    @Test
    void v3ChoiceKeepsAllItemsFirstFirst() {
        PaintingAnnotation xolotl = v3("p3-codex-xolotl-choice-imageservice3.json").canvases().get(0).paintings().get(0);
        assertThat(xolotl.bodies()).hasSize(4);
        assertThat(xolotl.target()).isEqualTo("https://dlc.services/iiif-img/22/2/canvas/1");
        assertThat(v3("p3-cookbook-0033-choice.json").canvases().get(0).paintings().get(0).bodies())
                .hasSize(2).allSatisfy(b -> assertThat(b.services()).hasSize(1));
        assertThat(v3("p3-hamilton-letter-choice-bad-language-key.json").canvases().get(0).paintings().get(0).bodies()).hasSize(19);
    }

    @Test
    void specificResourceGivesItsSourceAndRegion() {
        ContentResource region = v3("p3-cookbook-0299-region-specific-resource.json").canvases().get(0).firstBody().orElseThrow();
        assertThat(region.region()).isEqualTo("1768,2423,1768,2080");
        assertThat(region.width()).isEqualTo(3536);
        assertThat(region.height()).isEqualTo(4999);
        Canvas tudelft = v3("p3-tudelft-inventing-creativity-exhibition.json").canvases().get(0);
        assertThat(tudelft.paintings()).hasSize(4);
        assertThat(tudelft.paintings().get(0).body().region()).isEqualTo("4164,352,3702,5420");
        assertThat(tudelft.paintings().get(0).target()).contains("#xywh=");
        assertThat(tudelft.paintings().get(3).body().region()).isNull();
    }

    @Test
    void compositionKeepsEachPaintingAnnotationWithItsTarget() {
        Canvas canvas = v3("p3-cookbook-0036-composition-from-multiple-images.json").canvases().get(0);
        assertThat(canvas.paintings()).hasSize(2);
        assertThat(canvas.paintings().get(1).target()).endsWith("#xywh=3949,994,1091,1232");
        assertThat(canvas.paintings().get(1).body().width()).isEqualTo(2138);
    }

    @Test
    void canvasesWithoutImagesAreKeptWithoutAnImage() {
        Canvas noImage = v2("p2-iiif-fixture-27-no-image.json").canvases().get(0);
        assertThat(noImage.paintings()).isEmpty();
        assertThat(noImage.firstImage()).isEmpty();
        Manifest missing = v3("p3-cookbook-0283-missing-image.json");
        assertThat(missing.canvases()).hasSize(4);
        assertThat(missing.canvases().get(1).firstImage()).isEmpty();
        Canvas audio = v3("p3-cookbook-0002-mvm-audio-no-dims.json").canvases().get(0);
        assertThat(audio.firstBody().orElseThrow().type()).isEqualTo("Sound");
        assertThat(audio.firstImage()).isEmpty();
    }

    @Test
    void zeroSizeCanvasIsKeptAsZero() {
        Canvas canvas = v2("p2-bodleian-zero-size-canvas-no-context.json").canvases().get(0);
        assertThat(canvas.width()).isZero();
        assertThat(canvas.height()).isZero();
        assertThat(canvas.firstImage().orElseThrow().preferredService()).isPresent();
    }

    @Test
    void idsAreKeptByteForByte() {
        assertThat(v2("p2-stanford-roman-denarius-image-api-1.1-service.json").canvases().get(0).firstImage().orElseThrow()
                .services().get(0).id()).contains("%252F");
        assertThat(v2("p2-utexas-sanborn-language-tagged-label.json").canvases().get(0).id()).contains(" ").contains("[");
        Manifest archive = v3("p3-internet-archive-master-highway-plan.json");
        assertThat(archive.canvases().get(0).firstImage().orElseThrow().services().get(0).id()).contains("%2F");
        assertThat(v3("p3-northwestern-use-of-property-query-string-ids.json").id()).contains("?as=iiif");
        assertThat(v3("p3-sfo-museum-postcard-https-context.json").canvases().get(0).id()).contains("#");
    }

    @Test
    void labelsAreReturnedVerbatimWhateverTheirShape() {
        Manifest riksarkivet = v2("p2-riksarkivet-ervalla-multilingual-mojibake.json");
        assertThat(riksarkivet.label().values().keySet()).containsExactly("sv", "en");
        assertThat(riksarkivet.label().firstValue()).contains("HusfÃ¶rhÃ¶rslÃ¤ngder");
        assertThat(v2("p2-dlcs-level0-thumb-services-v3-style-label.json").label())
                .isEqualTo(LanguageMap.of("none", "level 0 example"));
        Manifest hamilton = v3("p3-hamilton-letter-choice-bad-language-key.json");
        assertThat(hamilton.description().requiredStatement().label()).isEqualTo(LanguageMap.of("true", "true"));
        assertThat(v3("p3-cookbook-0006-text-language.json").label().values().get("fr")).containsExactly("La Mère de Whistler");
        assertThat(v2("p2-artic-la-grande-jatte-unprefixed-value-language.json").description().summary().firstLanguage())
                .as("value/language without @").isEqualTo("en");
    }

    @Test
    void imageServicesOfEveryShape() {
        ContentResource riksarkivet = v3("p3-riksarkivet-lantmateri-imageservice3.json").canvases().get(0).firstImage().orElseThrow();
        assertThat(riksarkivet.preferredService().map(ImageService::version)).contains(ImageApiVersion.V3);
        ContentResource wellcome = v2("p2-wellcome-auth0-caslogin-service-array-thumbs.json").canvases().get(0).firstImage().orElseThrow();
        assertThat(wellcome.services()).as("the bare auth string is not an image service").hasSize(1);
        assertThat(wellcome.width()).isEqualTo(649);
        assertThat(v3("p3-ldmax-grenthe-body-without-dims.json").canvases().get(0).firstImage().orElseThrow()
                .services().get(0).effectiveLevel()).as("an invalid level counts as 0").isZero();
        assertThat(v3("p3-vam-cunard-poster-context-typo.json").canvases().get(0).firstImage().orElseThrow()
                .services().get(0)).satisfies(s -> {
                    assertThat(s.version()).isEqualTo(ImageApiVersion.V2);
                    assertThat(s.level()).isEqualTo(1);
                });
    }

    @Test
    void structuresAreNestedRanges() {
        Manifest bodleian = v2("p2-bodleian-arch-g-c7-nested-ranges.json");
        assertThat(bodleian.structures()).hasSize(1);
        Range top = bodleian.structures().get(0);
        assertThat(top.label().firstValue()).isEqualTo("Arch. G c.7");
        assertThat(top.size()).isEqualTo(455);
        assertThat(top.depth()).isEqualTo(4);
        assertThat(v2("p2-nls-forth-bridge-ranges.json").structures()).hasSize(40)
                .allSatisfy(r -> assertThat(r.canvases()).isNotEmpty());
        Manifest toc = v3("p3-cookbook-0024-book-4-toc-ranges.json");
        assertThat(toc.structures()).singleElement().satisfies(r -> {
            assertThat(r.label().firstValue()).isEqualTo("Table of Contents");
            assertThat(r.depth()).isEqualTo(3);
        });
    }

    @Test
    void otherAnnotationsAreListedByReference() {
        Canvas referenced = v3("p3-cookbook-0269-embedded-or-referenced-annotations.json").canvases().get(0);
        assertThat(referenced.annotations()).singleElement().satisfies(l -> assertThat(l.type()).isEqualTo("AnnotationPage"));
        assertThat(v3("p3-wellcome-b28857021-imageservice2-thumbs.json").canvases().get(0).annotations()).isNotEmpty();
    }

    @Test
    void firstOfTwoSequencesIsRead() {
        assertThat(v2("p2-e-codices-urnaesch-two-sequences.json").canvases()).hasSize(13);
    }

    @Test
    void aCollectionIsNotAManifest() {
        assertThatThrownBy(() -> reader.readManifest(Corpus.open("collections", "c3-cookbook-0032-collection.json")))
                .isInstanceOf(IiifException.class).hasMessageContaining("expected a Manifest");
    }

    @Test
    void documentsPastTheJsonLimitsAreRefusedCleanly() {
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThatThrownBy(() -> reader.readManifest(new java.io.ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IiifException.class).hasMessageContaining("limits");
        PresentationReader small = new PresentationReader(new IiifJson(new JsonLimits(1024, 200, 1024, 100, 4096, 100_000)));
        assertThatThrownBy(() -> small.readManifest(Corpus.open("presentation2", "p2-bodleian-arch-g-c7-nested-ranges.json")))
                .isInstanceOf(IiifException.class);
        assertThatThrownBy(() -> reader.readManifest(new java.io.ByteArrayInputStream("[1,2]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IiifException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> reader.readManifest(new java.io.ByteArrayInputStream("{\"id\": \"x\",".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IiifException.class);
    }

    @Test
    void canvasesAreSelectedByIdInManifestOrderAndAnUnknownIdIsNamed() throws Exception {
        Manifest m = v3("p3-cookbook-0009-book-1.json");
        java.util.List<Canvas> all = m.canvases();
        assertThat(all.size()).isGreaterThanOrEqualTo(3);
        assertThat(m.canvases(java.util.List.of(all.get(2).id(), all.get(0).id())))
                .extracting(Canvas::id).containsExactly(all.get(0).id(), all.get(2).id());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.canvases(java.util.List.of(all.get(0).id(), "urn:x:1", "urn:x:2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the manifest has no canvas urn:x:1 (and 1 more of the canvasIds)");
    }
}
