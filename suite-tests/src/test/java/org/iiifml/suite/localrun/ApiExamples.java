package org.iiifml.suite.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The curl examples of a page of the docs, run as a reader would run them: with {@code BASE} set to the
 * gateway, in one working folder (a file one example saves is there for the next), and {@code <id>} being
 * the job the last example created, awaited until it has ended. What is written under an example is
 * checked against its answer: a status (with a problem type after it), a header, and every
 * {@code "key":value} pair that is written out in full (values with "…" or a placeholder are left out).
 */
final class ApiExamples {

    /** One command, with the comment lines under it (and the one after it on its line). */
    record Example(String command, List<String> expected) {
    }

    /** What running an example gave. */
    record Answer(int status, String output, Path folder) {
    }

    private static final Pattern JSON_PAIR = Pattern.compile("\"([@A-Za-z0-9]+)\":\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?|true|false)");
    private static final Pattern HEADER = Pattern.compile("^((?:X-[A-Za-z-]+)|Location|WWW-Authenticate): (.+)$");
    private static final Pattern STATUS = Pattern.compile("\\b([2-5]\\d\\d)\\b(?: ([a-z][a-z-]+))?");
    private static final Pattern LEADING_STATUS = Pattern.compile("(?:HTTP/\\S+ )?([2-5]\\d\\d)\\b(?: ([a-z][a-z-]+))?");
    private static final Pattern JOB_ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern OUTPUT_FILE = Pattern.compile("(?:^|\\s)-o (\\S+)");
    private static final String STATUS_MARK = "EXAMPLE-STATUS:";
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+#\\s");

    private ApiExamples() {
    }

    static List<Example> read(Path page) throws IOException {
        List<Example> examples = new ArrayList<>();
        boolean inBlock = false;
        boolean shell = false;
        StringBuilder command = null;
        List<String> expected = null;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                // A fence that names another language (```java) holds no commands; LocalRunIT runs its code itself.
                shell = inBlock && (line.equals("```") || line.equals("```sh"));
                continue;
            }
            if (!inBlock || !shell || line.isBlank() || line.startsWith("export ")) {
                continue;
            }
            if (line.startsWith("#")) {
                if (expected != null) {
                    expected.add(line.substring(1).trim());
                }
                continue;
            }
            if (command != null && command.toString().endsWith("\\")) {
                command.setLength(command.length() - 1);
                command.append(' ').append(line.trim());
                continue;
            }
            if (command != null) {
                examples.add(new Example(command.toString(), expected));
            }
            // A comment after the command on its line: " # …" (no URL of the examples has a "# " in it).
            Matcher comment = INLINE_COMMENT.matcher(line);
            boolean commented = comment.find();
            command = new StringBuilder((commented ? line.substring(0, comment.start()) : line).trim());
            expected = new ArrayList<>();
            if (commented) {
                expected.add(line.substring(comment.end()).trim());
            }
        }
        if (command != null) {
            examples.add(new Example(command.toString(), expected));
        }
        return examples;
    }

    static Answer run(String command, String base, String key, Path folder) throws IOException, InterruptedException {
        // -s: no progress meter; --max-time: no example hangs the test; -w: the status after the answer.
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                command + " -s --max-time 60 -w '\\n" + STATUS_MARK + "%{http_code}\\n'")
                .directory(folder.toFile())
                .redirectErrorStream(true);
        builder.environment().put("BASE", base);
        builder.environment().put("KEY", key);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        assertThat(process.exitValue()).as("curl's exit status for %s", command).isZero();
        String output = new String(out, StandardCharsets.UTF_8);
        int mark = output.lastIndexOf(STATUS_MARK);
        assertThat(mark).as("status of %s", command).isNotNegative();
        int status = Integer.parseInt(output.substring(mark + STATUS_MARK.length()).trim());
        return new Answer(status, output.substring(0, mark), folder);
    }

    /** Checks an answer against what the page writes under its example. */
    static void check(Example example, String command, Answer answer, String base, String jobId) throws IOException {
        Set<Integer> statuses = new LinkedHashSet<>();
        String body = answer.output().replaceAll("\":\\s+", "\":");
        for (String line : example.expected()) {
            String text = line.replace("$BASE", base).replace("<id>", jobId == null ? "<id>" : jobId);
            Matcher header = HEADER.matcher(text);
            if (header.matches()) {
                String value = header.group(2).split(";| \\(|…", 2)[0].trim();
                assertThat(answer.output().toLowerCase(Locale.ROOT)).as("%s answers the header %s", command, text)
                        .contains((header.group(1) + ": " + value).toLowerCase(Locale.ROOT));
                continue;
            }
            // A status leads a line ("400 {…}", "HTTP/1.1 201 Created"), or stands in a line of prose.
            Matcher leading = LEADING_STATUS.matcher(text);
            if (leading.lookingAt()) {
                expectStatus(leading, statuses, body, command);
            }
            if (!text.contains("{") && !text.contains("\"")) {
                Matcher status = STATUS.matcher(text);
                while (status.find()) {
                    expectStatus(status, statuses, body, command);
                }
            }
            Matcher pair = JSON_PAIR.matcher(text);
            while (pair.find()) {
                String value = pair.group(2);
                if (!value.contains("…") && !value.contains("<") && !text.startsWith("…", pair.end())) {
                    assertThat(body).as("%s answers %s", command, pair.group()).contains("\"" + pair.group(1) + "\":" + value);
                }
            }
        }
        if (statuses.isEmpty()) {
            assertThat(answer.status()).as("%s succeeds: %s", command, answer.output()).isBetween(200, 299);
        } else {
            assertThat(answer.status()).as("%s answers as written: %s", command, answer.output()).isIn(statuses);
        }
        Matcher file = OUTPUT_FILE.matcher(command);
        if (file.find() && answer.status() < 300) {
            assertThat(Files.size(answer.folder().resolve(file.group(1)))).as("%s saves %s", command, file.group(1)).isPositive();
        }
    }

    /** A status found in the text, and its problem type where one follows it ("400 url-refused"). */
    private static void expectStatus(Matcher status, Set<Integer> statuses, String body, String command) {
        int code = Integer.parseInt(status.group(1));
        statuses.add(code);
        if (status.group(2) != null && code >= 400) {
            assertThat(body).as("%s answers the problem %s", command, status.group(2))
                    .contains("\"type\":\"urn:iiif-ml:problem:" + status.group(2) + "\"");
        }
    }

    /** The id of the job a POST to …/jobs created (or found by its key), else null. */
    static String createdJob(String command, Answer answer) {
        if (!command.contains("-X POST") || !command.matches(".*/jobs[\"' ].*") || answer.status() >= 300) {
            return null;
        }
        Matcher m = JOB_ID.matcher(answer.output());
        return m.find() ? m.group(1) : null;
    }
}
