package org.iiifml.canvasjobs.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class ResultArchiveTest {

    @Test
    void namesAreGeneratedSafeAndUnique() {
        ResultArchive archive = new ResultArchive();
        assertThat(archive.name(3, "Plate II — «Le Pont»", 1)).isEqualTo("0003_plate-ii-le-pont_01.jpg");
        assertThat(archive.name(12, "../../etc/passwd", 2)).isEqualTo("0012_etc-passwd_02.jpg");
        assertThat(archive.name(1, null, 1)).isEqualTo("0001_canvas_01.jpg");
        assertThat(archive.name(1, "日本語", 2)).isEqualTo("0001_canvas_02.jpg");
        assertThat(archive.name(1, "x".repeat(200), 3)).hasSize("0001_".length() + 40 + "_03.jpg".length());
        assertThat(archive.name(3, "Plate II — «Le Pont»", 1)).as("a repeat stays unique").isEqualTo("0003_plate-ii-le-pont_01-2.jpg");
    }

    @Test
    void entriesStreamOutAsTheyAreWrittenAndMakeAValidZip() throws Exception {
        ResultArchive archive = new ResultArchive();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = archive.entry("a.jpg", new byte[] {1, 2, 3});
        assertThat(first).as("the first entry's bytes come out at once").isNotEmpty();
        out.write(first);
        out.write(archive.entry("index.csv", "file\r\n".getBytes()));
        out.write(archive.finish());
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertThat(names).containsExactly("a.jpg", "index.csv");
    }

    @Test
    void csvQuotesAndDisarmsFormulas() {
        assertThat(ResultArchive.csv(List.of("a", "b,c", "say \"hi\""))).isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\"\r\n");
        assertThat(ResultArchive.csv(List.of("=HYPERLINK(\"x\")", "-12", "+1", "@sum"))).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\",-12,'+1,'@sum\r\n");
    }
}
