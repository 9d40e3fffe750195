package org.iiifml.suite.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the examples of a docs page are read and their answers compared, without a running suite. */
class ApiExamplesTest {

    @Test
    void commandsCommentsAndContinuationsAreRead(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                Text.

                ```
                export BASE=http://localhost:8080
                curl -X POST $BASE/api/iiif/jobs -H 'Content-Type: application/json' \\
                     -d "{}"
                # HTTP/1.1 201 Created
                curl $BASE/api/iiif/jobs/<id> # 404 not-found
                ```

                ```java
                var job = jobs.getJob(id).block();
                ```
                """);
        List<ApiExamples.Example> examples = ApiExamples.read(page);
        assertThat(examples).extracting(ApiExamples.Example::command).containsExactly(
                "curl -X POST $BASE/api/iiif/jobs -H 'Content-Type: application/json'  -d \"{}\"",
                "curl $BASE/api/iiif/jobs/<id>");
        // A Java block is code, not commands.
        assertThat(examples).extracting(ApiExamples.Example::command).noneMatch(c -> c.contains("getJob"));
        assertThat(examples.get(0).expected()).containsExactly("HTTP/1.1 201 Created");
        assertThat(examples.get(1).expected()).containsExactly("404 not-found");
    }

    @Test
    void anAnswerThatDiffersFromThePageFails(@TempDir Path dir) throws Exception {
        String base = "http://localhost:9";
        ApiExamples.Example example = new ApiExamples.Example("curl -D - $BASE/x", List.of(
                "X-Image-Width: 600", "{\"level\":0,\"id\":\"…/book\",\"score\":0.99…}", "200"));
        String output = "HTTP/1.1 200 OK\r\nX-Image-Width: 600\r\n\r\n{\"id\":\"x\",\"level\":0,\"score\":0.5}";
        ApiExamples.check(example, example.command(), new ApiExamples.Answer(200, output, dir), base, null);

        assertThatThrownBy(() -> ApiExamples.check(example, example.command(),
                new ApiExamples.Answer(200, output.replace("600", "601"), dir), base, null)).hasMessageContaining("X-Image-Width");
        assertThatThrownBy(() -> ApiExamples.check(example, example.command(),
                new ApiExamples.Answer(200, output.replace("\"level\":0", "\"level\":2"), dir), base, null)).hasMessageContaining("\"level\":0");
        assertThatThrownBy(() -> ApiExamples.check(example, example.command(),
                new ApiExamples.Answer(503, output, dir), base, null)).hasMessageContaining("answers as written");
        ApiExamples.Example problem = new ApiExamples.Example("curl $BASE/y", List.of("400 url-refused"));
        assertThatThrownBy(() -> ApiExamples.check(problem, problem.command(),
                new ApiExamples.Answer(400, "{\"type\":\"urn:iiif-ml:problem:bad-request\"}", dir), base, null))
                .hasMessageContaining("url-refused");
    }
}
