package org.iiifml.iiif.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iiifml.iiif.presentation.Collection;
import org.iiifml.iiif.presentation.CollectionItem.Kind;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.iiif.presentation.PresentationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every collection of the corpus gives the facts its row of EXPECTED.md states. */
class CollectionCorpusTest {

    private static final Pattern LABEL = Pattern.compile("^\\[([^]]*)] \"(.*)\"$");
    private final PresentationReader reader = new PresentationReader();

    static Stream<Corpus.Row> collections() {
        return Corpus.rows("collections");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collections")
    void factsOfExpectedMd(Corpus.Row row) {
        Collection collection = reader.readCollection(Corpus.open(row.folder(), row.file()));
        assertThat(collection.sourceVersion()).isEqualTo(
                row.cell(1).startsWith("Presentation 3") ? PresentationVersion.V3 : PresentationVersion.V2);

        // Children: v2 counts manifests/collections/members separately; v3 counts items by type.
        String children = row.cell(2);
        long manifests = number(children, "manifests: (\\d+)") + number(children, "Manifest: (\\d+)")
                + number(children, "sc:Manifest (\\d+)");
        long collections = number(children, "collections: (\\d+)") + number(children, "Collection: (\\d+)")
                + number(children, "sc:Collection (\\d+)");
        assertThat(collection.count(Kind.MANIFEST)).as("manifests").isEqualTo(manifests);
        assertThat(collection.count(Kind.COLLECTION)).as("collections").isEqualTo(collections);

        // Paging and links
        String links = row.cell(3);
        assertThat(collection.paging().first()).isEqualTo(link(links, "first"));
        assertThat(collection.paging().next()).isEqualTo(link(links, "next"));
        String total = link(links, "total");
        assertThat(collection.paging().total()).isEqualTo(total == null ? null : Long.valueOf(total));
        String within = link(links, "within");
        if (within != null) {
            assertThat(collection.description().partOf()).extracting(l -> l.id()).containsExactly(within);
        }

        Matcher m = LABEL.matcher(row.cell(4));
        assertThat(m.matches()).isTrue();
        assertThat(collection.label().firstLanguage()).isEqualTo(m.group(1));
        assertThat(collection.label().firstValue()).isEqualTo(m.group(2));
    }

    @Test
    void membersKeepDocumentOrderAndKind() {
        Collection mixed = reader.readCollection(Corpus.open("collections", "c2-wellcome-members-mixed.json"));
        assertThat(mixed.items()).extracting(i -> i.kind())
                .containsExactly(Kind.MANIFEST, Kind.MANIFEST, Kind.COLLECTION, Kind.COLLECTION);
    }

    @Test
    void bottomOfTheNestedChainListsItsManifestsFirstOneFirst() {
        Collection bottom = reader.readCollection(Corpus.open("collections", "c2-villanova-nested-bottom.json"));
        assertThat(bottom.items().get(0).id()).isEqualTo("http://localhost:3001/wunder.json");
        assertThat(bottom.items().get(0).label().firstValue()).isEqualTo("Wunder der Vererbung");
    }

    @Test
    void v3NextPageConventionIsReportedAsAChildCollection() {
        Collection atlas = reader.readCollection(Corpus.open("collections", "c3-northwestern-map-atlas-mixed.json"));
        var last = atlas.items().get(atlas.items().size() - 1);
        assertThat(last.kind()).isEqualTo(Kind.COLLECTION);
        assertThat(last.label().firstValue()).isEqualTo("Next page");
        assertThat(last.id()).endsWith("?as=iiif&page=2");
    }

    @Test
    void pagedFirstAndItsPageAgree() {
        Collection top = reader.readCollection(Corpus.open("collections", "c2-bsb-top-paged-first.json"));
        Collection page = reader.readCollection(Corpus.open("collections", "c2-bsb-top-paged-page.json"));
        assertThat(page.id()).isEqualTo(top.paging().first());
        assertThat(page.items()).hasSize(250).allSatisfy(i -> assertThat(i.thumbnails()).isNotEmpty());
        assertThat(page.paging().prev()).isNull();
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String link(String cell, String name) {
        Matcher m = Pattern.compile(name + "=`([^`]*)`").matcher(cell);
        return m.find() ? m.group(1) : null;
    }
}
