package org.iiifml.iiif.presentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iiifml.iiif.corpus.Corpus;
import org.iiifml.iiif.json.IiifJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Walking real nested and paged collections, and made-up cycles, within limits. */
class CollectionHarvesterTest {

    private final IiifJson json = IiifJson.withDefaults();
    private final PresentationReader reader = new PresentationReader(json);
    private final List<String> loaded = new ArrayList<>();

    /** Serves corpus files (and inline documents) by URL; anything else fails like an unreachable server. */
    private DocumentSource source(Map<String, String> files) {
        return url -> {
            loaded.add(url);
            String file = files.get(url);
            if (file == null) {
                throw new java.io.IOException("no such document: " + url);
            }
            if (file.startsWith("{")) {
                return json.parse(file.getBytes(StandardCharsets.UTF_8));
            }
            return json.parse(Corpus.open("collections", file));
        };
    }

    private static final Map<String, String> VILLANOVA = Map.of(
            "http://localhost:3001/nested-top.json", "c2-villanova-nested-top.json",
            "http://localhost:3001/nested-middle.json", "c2-villanova-nested-middle.json",
            "http://localhost:3001/nested-bottom.json", "c2-villanova-nested-bottom.json");

    @Test
    void nestedChainYieldsTheBottomManifestsWithTheirPath() {
        var harvest = new CollectionHarvester(source(VILLANOVA), reader, HarvestLimits.DEFAULTS)
                .harvest("http://localhost:3001/nested-top.json");
        List<CollectionHarvester.Found> found = harvest.manifests().toList();
        assertThat(found).hasSize(9);
        assertThat(found.get(0).manifest().id()).isEqualTo("http://localhost:3001/wunder.json");
        assertThat(found.get(0).path()).containsExactly("http://localhost:3001/nested-top.json",
                "http://localhost:3001/nested-middle.json", "http://localhost:3001/nested-bottom.json");
        assertThat(harvest.collections()).hasSize(3);
        assertThat(harvest.failures()).isEmpty();
        assertThat(harvest.truncated()).isFalse();
    }

    @Test
    void depthLimitStopsTheDescent() {
        var harvest = new CollectionHarvester(source(VILLANOVA), reader, new HarvestLimits(1, 100, 100))
                .harvest("http://localhost:3001/nested-top.json");
        assertThat(harvest.manifests().toList()).isEmpty();
        assertThat(harvest.truncated()).isTrue();
        assertThat(loaded).containsExactly("http://localhost:3001/nested-top.json", "http://localhost:3001/nested-middle.json");
    }

    @Test
    void pagedCollectionIsFollowedFromFirstToItsPagesLazily() {
        String top = "https://api.digitale-sammlungen.de/iiif/presentation/v2/collection/top";
        Map<String, String> files = Map.of(top, "c2-bsb-top-paged-first.json",
                top + "?cursor=initial", "c2-bsb-top-paged-page.json");

        var firstHundred = new CollectionHarvester(source(files), reader, new HarvestLimits(8, 100, 100)).harvest(top);
        assertThat(firstHundred.manifests().toList()).hasSize(100);
        assertThat(firstHundred.truncated()).isTrue();
        assertThat(loaded).as("the next page is never loaded when no one needs it").containsExactly(top, top + "?cursor=initial");

        loaded.clear();
        var all = new CollectionHarvester(source(files), reader, HarvestLimits.DEFAULTS).harvest(top);
        assertThat(all.manifests().toList()).hasSize(250);
        // The page's next cursor is not in the corpus: recorded as a failure, not thrown.
        assertThat(all.failures()).singleElement().satisfies(f -> assertThat(f.url()).contains("cursor=AoIIP4AAACtic2IxMjAxODY5NA=="));
    }

    @Test
    void cyclesEndAndEachCollectionIsLoadedOnce() {
        Map<String, String> files = Map.of(
                "https://example.org/a", """
                        {"@context": "http://iiif.io/api/presentation/2/context.json", "@id": "https://example.org/a",
                         "@type": "sc:Collection", "label": "A",
                         "collections": [{"@id": "https://example.org/b", "@type": "sc:Collection"}],
                         "manifests": [{"@id": "https://example.org/m1", "@type": "sc:Manifest"}]}""",
                "https://example.org/b", """
                        {"@context": "http://iiif.io/api/presentation/3/context.json", "id": "https://example.org/b",
                         "type": "Collection", "label": {"none": ["B"]},
                         "items": [{"id": "https://example.org/a", "type": "Collection"},
                                   {"id": "https://example.org/b", "type": "Collection"},
                                   {"id": "https://example.org/m2", "type": "Manifest"}]}""");
        var harvest = new CollectionHarvester(source(files), reader, HarvestLimits.DEFAULTS).harvest("https://example.org/a");
        assertThat(harvest.manifests().map(f -> f.manifest().id())).containsExactly("https://example.org/m2", "https://example.org/m1");
        assertThat(loaded).containsExactly("https://example.org/a", "https://example.org/b");
    }

    @Test
    void documentLimitBoundsTheLoads() {
        var harvest = new CollectionHarvester(source(VILLANOVA), reader, new HarvestLimits(8, 100, 2))
                .harvest("http://localhost:3001/nested-top.json");
        assertThat(harvest.manifests().toList()).isEmpty();
        assertThat(harvest.truncated()).isTrue();
        assertThat(loaded).hasSize(2);
    }

    @Test
    void aManifestWhereACollectionWasExpectedIsAFailureNotACrash() {
        DocumentSource manifestInstead = url -> {
            JsonNode manifest = json.parse(Corpus.open("presentation3", "p3-cookbook-0009-book-1.json"));
            return manifest;
        };
        var harvest = new CollectionHarvester(manifestInstead, reader, HarvestLimits.DEFAULTS).harvest("https://example.org/x");
        assertThat(harvest.manifests().toList()).isEmpty();
        assertThat(harvest.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("expected a Collection"));
    }
}
