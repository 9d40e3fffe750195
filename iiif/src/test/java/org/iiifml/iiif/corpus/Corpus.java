package org.iiifml.iiif.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real-world corpus in src/test/resources/iiif-corpus (see its SOURCES.md) and the table rows of its
 * EXPECTED.md, which state the facts a correct reader reports for each file.
 */
public final class Corpus {

    static final Path ROOT = root();

    private Corpus() {
    }

    private static Path root() {
        URL url = Corpus.class.getResource("/iiif-corpus/EXPECTED.md");
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static InputStream open(String folder, String file) {
        try {
            return Files.newInputStream(ROOT.resolve(folder).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One table row of EXPECTED.md under the heading {@code ## folder/}: the cells, trimmed. */
    record Row(String folder, List<String> cells) {

        String file() {
            return strip(cells.get(0));
        }

        String cell(int i) {
            return cells.get(i);
        }

        @Override
        public String toString() {
            return folder + "/" + file();
        }
    }

    static Stream<Row> rows(String folder) {
        try {
            List<String> lines = Files.readAllLines(ROOT.resolve("EXPECTED.md"), StandardCharsets.UTF_8);
            List<Row> rows = new ArrayList<>();
            boolean inSection = false;
            for (String line : lines) {
                if (line.startsWith("## ")) {
                    inSection = line.equals("## " + folder + "/");
                } else if (inSection && line.startsWith("| `")) {
                    String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
                    rows.add(new Row(folder, Arrays.stream(cells).map(String::trim).toList()));
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalStateException("no rows for " + folder);
            }
            return rows.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every JSON file of a corpus folder. */
    public static List<String> files(String folder) {
        try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell value without its surrounding back-ticks. */
    static String strip(String cell) {
        String s = cell.trim();
        if (s.startsWith("`") && s.endsWith("`")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
