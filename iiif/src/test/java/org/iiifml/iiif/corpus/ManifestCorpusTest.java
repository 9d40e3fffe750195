package org.iiifml.iiif.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iiifml.iiif.image.ImageService;
import org.iiifml.iiif.presentation.Canvas;
import org.iiifml.iiif.presentation.ContentResource;
import org.iiifml.iiif.presentation.LanguageMap;
import org.iiifml.iiif.presentation.Manifest;
import org.iiifml.iiif.presentation.PresentationReader;
import org.iiifml.iiif.presentation.PresentationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest of the corpus gives the facts its row of EXPECTED.md states. */
class ManifestCorpusTest {

    private static final Pattern LABEL = Pattern.compile("^\\[([^]]*)] \"(.*)\"$");
    private static final Pattern VERSION_LEVEL = Pattern.compile("^([0-9.]+) \\((?:level (\\d)|profile `level3`, invalid)");
    private final PresentationReader reader = new PresentationReader();

    static Stream<Corpus.Row> manifests() {
        return Stream.concat(Corpus.rows("presentation2"), Corpus.rows("presentation3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void factsOfExpectedMd(Corpus.Row row) {
        Manifest manifest = reader.readManifest(Corpus.open(row.folder(), row.file()));

        // Version
        PresentationVersion version = row.cell(1).startsWith("Presentation 3") ? PresentationVersion.V3 : PresentationVersion.V2;
        assertThat(manifest.sourceVersion()).as("version").isEqualTo(version);

        // Canvases (a leading count; v2 counts the first sequence)
        int canvases = Integer.parseInt(row.cell(2).replaceAll("^(\\d+).*$", "$1"));
        assertThat(manifest.canvases()).as("canvases").hasSize(canvases);

        // First canvas width × height, as written
        Canvas first = manifest.canvases().get(0);
        String[] dims = row.cell(3).split(" × ");
        assertThat(first.width()).as("width").isEqualTo(dimension(dims[0]));
        assertThat(first.height()).as("height").isEqualTo(dimension(dims[1]));
        if (row.cell(3).contains("duration")) {
            double duration = Double.parseDouble(row.cell(3).replaceAll("^.*duration ([0-9.]+).*$", "$1"));
            assertThat(first.duration()).isEqualTo(duration);
        }

        // First image: its image services in document order, with version and level
        List<String> ids = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (String id : row.cell(4).split("<br>")) {
            if (!id.equals("—")) {
                ids.add(Corpus.strip(id));
            }
        }
        for (String v : row.cell(5).split("<br>")) {
            if (!v.equals("—")) {
                versions.add(v);
            }
        }
        List<ImageService> services = first.firstBody().map(ContentResource::services).orElse(List.of());
        assertThat(services).extracting(ImageService::id).as("service ids").containsExactlyElementsOf(ids);
        for (int i = 0; i < versions.size(); i++) {
            Matcher m = VERSION_LEVEL.matcher(versions.get(i));
            assertThat(m.find()).as("parsable expectation %s", versions.get(i)).isTrue();
            assertThat(services.get(i).version().label()).as("Image API version").isEqualTo(m.group(1));
            Integer level = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            assertThat(services.get(i).level()).as("level").isEqualTo(level);
        }

        // Label, first language
        LanguageMap label = manifest.label();
        if (row.cell(6).equals("(no label)")) {
            assertThat(label.isEmpty()).as("no label").isTrue();
        } else {
            Matcher m = LABEL.matcher(row.cell(6));
            assertThat(m.matches()).as("parsable label %s", row.cell(6)).isTrue();
            assertThat(label.firstLanguage()).as("label language").isEqualTo(m.group(1));
            assertThat(label.firstValue()).as("label text").isEqualTo(m.group(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyCanvasHasAnIdAndEveryImageServiceAVersion(Corpus.Row row) {
        Manifest manifest = reader.readManifest(Corpus.open(row.folder(), row.file()));
        assertThat(manifest.id()).isNotBlank();
        for (Canvas canvas : manifest.canvases()) {
            assertThat(canvas.id()).isNotBlank();
            canvas.paintings().forEach(p -> p.bodies().forEach(b -> b.services().forEach(s -> {
                assertThat(s.id()).isNotBlank();
                assertThat(s.version()).isNotNull();
            })));
        }
    }

    /** "6061", "\"62651\" (string)", "absent", "absent, duration …" as EXPECTED.md writes a dimension. */
    private static Integer dimension(String cell) {
        String value = cell.replaceAll(",.*$", "").replace("(string)", "").replace("\"", "").trim();
        return value.equals("absent") ? null : Integer.valueOf(value);
    }
}
