package org.iiifml.suite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iiifml.suite.SuiteLayout;
import org.iiifml.support.problem.ProblemType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keeps the README and docs/ true to the code: links resolve, every key and problem type is documented. */
class DocumentationTest {

    private static final Path ROOT = SuiteLayout.root();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkPointsAtAFileThatExists() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        int checked = 0;
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue;
                }
                Path file = page.getParent().resolve(target.replaceAll("#.*$", "")).normalize();
                assertThat(file).as("link '%s' in %s", target, ROOT.relativize(page)).exists();
                checked++;
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(10);
    }

    @Test
    void everySuiteConfigurationKeyIsDocumentedWithItsDefault() throws IOException {
        String reference = Files.readString(ROOT.resolve("docs/configuration.md"));
        JsonMapper json = JsonMapper.builder().build();
        int keys = 0;
        for (String module : SuiteLayout.modules()) {
            Path metadata = ROOT.resolve(module).resolve("target/classes/META-INF/spring-configuration-metadata.json");
            if (!Files.exists(metadata)) {
                continue;
            }
            for (JsonNode property : json.readTree(metadata.toFile()).get("properties")) {
                String name = property.get("name").asString();
                if (!name.startsWith("suite.")) {
                    continue;
                }
                String row = reference.lines().filter(l -> l.startsWith("| `" + name + "`") || l.startsWith("| `" + name + "."))
                        .findFirst().orElse(null);
                assertThat(row).as("docs/configuration.md documents %s (from %s)", name, module).isNotNull();
                JsonNode defaultValue = property.get("defaultValue");
                String text = defaultValue == null ? "" : defaultValue.asString();
                if (text.startsWith("[") && text.endsWith("]") && !row.contains("`" + text + "`")) {
                    // A list's default ("[a, b]" in the metadata) is documented whole or element by element.
                    for (String element : text.substring(1, text.length() - 1).split(", ")) {
                        assertThat(row).as("default of %s", name).contains("`" + element + "`");
                    }
                } else if (defaultValue != null && !defaultValue.asString().isEmpty()) {
                    assertThat(row).as("default of %s", name).contains("`" + defaultValue.asString() + "`");
                }
                keys++;
            }
        }
        assertThat(keys).as("suite.* keys found in configuration metadata").isGreaterThanOrEqualTo(7);
    }

    @Test
    void everyProblemTypeIsDocumented() throws IOException {
        String catalogue = Files.readString(ROOT.resolve("docs/problems.md"));
        for (ProblemType type : ProblemType.values()) {
            assertThat(catalogue).as(type.name()).contains("| `" + type.uri() + "` |");
        }
    }

    @Test
    void ciRunsTheReadmeTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertThat(readme).contains("\n./mvnw verify\n").contains("\n./run-local.sh\n");
        assertThat(ci).containsPattern("(?m)^\\./mvnw verify$");
    }

    /** What CI installs on a fresh machine beyond a JDK, a user's machine needs too: the README names it. */
    @Test
    void theReadmeNamesEveryPackageTheTestsNeed() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        Matcher needs = Pattern.compile("need_apt\\+=\\(([^)]*)\\)").matcher(ci);
        List<String> packages = new ArrayList<>();
        while (needs.find()) {
            packages.addAll(List.of(needs.group(1).trim().split("\\s+")));
        }
        assertThat(packages).contains("curl", "fontconfig");
        for (String pkg : packages) {
            // A JDK is the README's first requirement; util-linux (setsid) is part of every Linux base system.
            if (!pkg.startsWith("openjdk") && !pkg.equals("util-linux")) {
                assertThat(readme).as("the README names %s, which the tests need", pkg).contains(pkg);
            }
        }
    }
}
