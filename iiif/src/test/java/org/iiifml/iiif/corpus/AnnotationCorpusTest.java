package org.iiifml.iiif.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iiifml.iiif.annotation.Annotation;
import org.iiifml.iiif.annotation.AnnotationReader;
import org.iiifml.iiif.image.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every annotation document of the corpus gives the facts its row of EXPECTED.md states. */
class AnnotationCorpusTest {

    private static final Pattern SELECTOR = Pattern.compile("(?:default )?(?:oa:)?(FragmentSelector|SvgSelector) `([^`]*)`");
    private final AnnotationReader reader = new AnnotationReader();

    static Stream<Corpus.Row> documents() {
        return Corpus.rows("annotations");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void factsOfExpectedMd(Corpus.Row row) {
        List<Annotation> annotations = reader.read(Corpus.open(row.folder(), row.file()));
        assertThat(annotations).hasSize(Integer.parseInt(row.cell(2)));
        Annotation first = annotations.get(0);
        assertThat(first.motivations().get(0)).isEqualTo(row.cell(3));
        String target = row.cell(4);
        assertThat(first.target().source()).isEqualTo(target.replaceAll("^`([^`]*)`.*$", "$1"));
        Matcher selector = SELECTOR.matcher(target);
        if (target.contains("(whole canvas)")) {
            assertThat(first.target().selector()).isNull();
        } else {
            assertThat(selector.find()).as("parsable selector in %s", target).isTrue();
            assertThat(first.target().selector().type()).isEqualTo(selector.group(1));
            String value = selector.group(2);
            if (value.endsWith("…")) {
                assertThat(first.target().selector().value()).startsWith(value.substring(0, value.length() - 1));
            } else {
                assertThat(first.target().selector().value()).isEqualTo(value);
            }
        }
    }

    @Test
    void fragmentSelectorsGiveTheirRegion() {
        Annotation fixture = reader.read(Corpus.open("annotations", "a2-iiif-fixture-61-annotation-list-xywh.json")).get(0);
        assertThat(fixture.target().region()).isEqualTo(new Region(225, 70, 750, 150));
        assertThat(fixture.bodies().get(0).value()).isEqualTo("Top of First Page to Display");
        assertThat(fixture.bodies().get(0).type()).isEqualTo("TextualBody");
    }

    @Test
    void annotoriousBodiesAreAllRead() {
        List<Annotation> svg = reader.read(Corpus.open("annotations", "a3-svg-selector-annotationpage.json"));
        assertThat(svg).allSatisfy(a -> assertThat(a.bodies()).isNotEmpty());
        assertThat(svg).allSatisfy(a -> assertThat(a.target().selector().type()).isEqualTo("SvgSelector"));
    }
}
