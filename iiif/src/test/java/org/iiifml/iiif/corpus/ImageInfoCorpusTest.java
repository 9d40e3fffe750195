package org.iiifml.iiif.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iiifml.iiif.image.ImageInfo;
import org.iiifml.iiif.image.ImageInfoReader;
import org.iiifml.iiif.image.Size;
import org.iiifml.iiif.image.TileSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every info.json of the corpus gives the facts its row of EXPECTED.md states. */
class ImageInfoCorpusTest {

    private static final Pattern TILE_V2 = Pattern.compile("(\\d+)×(\\(=w\\)|\\d+) sf=\\[([0-9, ]+)]");
    private static final Pattern TILE_V1 = Pattern.compile("tile_width=(\\d+) tile_height=(\\d+) scale_factors=\\[([0-9, ]+)]");
    private final ImageInfoReader reader = new ImageInfoReader();

    static Stream<Corpus.Row> infos() {
        return Corpus.rows("image-info");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("infos")
    void factsOfExpectedMd(Corpus.Row row) {
        ImageInfo info = reader.read(Corpus.open(row.folder(), row.file()));
        assertThat(info.version().label()).as("version").isEqualTo(row.cell(1).split(" ")[0]);
        String id = row.cell(2).startsWith("`identifier`")
                ? row.cell(2).replaceAll("^`identifier`: `([^`]*)`.*$", "$1")
                : Corpus.strip(row.cell(2));
        assertThat(info.id()).as("id").isEqualTo(id);
        String[] dims = row.cell(3).split(" × ");
        assertThat(info.width()).isEqualTo(Integer.parseInt(dims[0]));
        assertThat(info.height()).isEqualTo(Integer.parseInt(dims[1]));
        assertThat(info.service().level()).as("level").isEqualTo(Integer.valueOf(row.cell(4)));
        assertThat(info.sizes()).as("sizes").hasSize(Integer.parseInt(row.cell(5)));
        assertThat(info.tiles()).as("tiles").containsExactlyElementsOf(tiles(row.cell(6)));
    }

    @Test
    void limitsAreReadFromTheProfileObjectAndTheTopLevel() {
        ImageInfo dighimapper = reader.read(Corpus.open("image-info", "i2-dighimapper-level2-maxarea-id-mismatch.json"));
        assertThat(dighimapper.maxArea()).isEqualTo(262144L);
        ImageInfo berlin = reader.read(Corpus.open("image-info", "i2-spk-berlin-port-443-physdim-maxwidth.json"));
        assertThat(berlin.maxWidth()).isEqualTo(10000);
        assertThat(berlin.maxHeight()).isEqualTo(10000);
        ImageInfo toolforge = reader.read(Corpus.open("image-info", "i2-toolforge-iipsrv-query-id-profile-without-json.json"));
        assertThat(toolforge.maxWidth()).isEqualTo(5000);
        assertThat(toolforge.service().level()).isEqualTo(2);
    }

    @Test
    void extrasOfEachVersionAreKept() {
        ImageInfo gottingen = reader.read(Corpus.open("image-info", "i3-iiif-reference-gottingen-level1.json"));
        assertThat(gottingen.formats()).contains("webp");
        assertThat(gottingen.qualities()).isNotEmpty();
        ImageInfo nls = reader.read(Corpus.open("image-info", "i2-nls-level1-native-quality.json"));
        assertThat(nls.qualities()).contains("native");
        ImageInfo wellcome = reader.read(Corpus.open("image-info", "i2-wellcome-dlcs-thumbs-level0-sizes.json"));
        assertThat(wellcome.sizes()).containsExactly(new Size(648, 1024), new Size(253, 400), new Size(127, 200), new Size(63, 100));
    }

    private static List<TileSet> tiles(String cell) {
        List<TileSet> tiles = new ArrayList<>();
        if (cell.equals("none")) {
            return tiles;
        }
        Matcher v1 = TILE_V1.matcher(cell);
        if (v1.find()) {
            tiles.add(new TileSet(Integer.parseInt(v1.group(1)), Integer.parseInt(v1.group(2)), ints(v1.group(3))));
            return tiles;
        }
        Matcher m = TILE_V2.matcher(cell);
        while (m.find()) {
            int w = Integer.parseInt(m.group(1));
            int h = m.group(2).equals("(=w)") ? w : Integer.parseInt(m.group(2));
            tiles.add(new TileSet(w, h, ints(m.group(3))));
        }
        return tiles;
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
