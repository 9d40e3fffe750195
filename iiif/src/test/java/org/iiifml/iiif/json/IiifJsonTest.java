package org.iiifml.iiif.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a document that cannot be read is told as: where and which limit, never its content or the parser's internals. */
class IiifJsonTest {

    final IiifJson json = new IiifJson(new JsonLimits(1024 * 1024, 20, 64, 10, 32, 1000));

    private void refused(String document, String says) {
        assertThatThrownBy(() -> json.parse(document.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IiifException.class)
                .hasMessageContaining(says)
                .hasMessageNotContaining("aws_secret_access_key")
                .hasMessageNotContaining("StreamReadConstraints")
                .hasMessageNotContaining("Unrecognized token");
    }

    @Test
    void aDocumentThatIsNotJsonIsToldWhereNotWhat() {
        refused("aws_secret_access_key = AKIAEXAMPLEEXAMPLE\n", "not valid JSON (line 1, column");
        refused("{\"id\": \"x\",\n \"label\": aws_secret_access_key}", "(line 2, column");
    }

    @Test
    void aDocumentPastALimitNamesTheLimit() {
        refused("[".repeat(30) + "]".repeat(30), "nests deeper than 20 levels");
        refused("{\"id\": \"" + "aws_secret_access_key".repeat(10) + "\"}", "a string is longer than 64 characters");
        refused("{\"n\": 12345678901234567890}", "a number is longer than 10 characters");
        refused("{\"" + "aws_secret_access_key".repeat(3) + "\": 1}", "a property name is longer than 32 characters");
    }

    /** Counted by the streaming parser, a document past the token budget is refused before any tree is built. */
    @Test
    void aDocumentOfTooManyTokensIsRefusedAsTooLargeAndItsShapeIsCounted() {
        byte[] small = "{\"id\": \"abc\", \"n\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
        // { id "abc" n [ 1 2 ] } : 9 tokens; the names and strings hold 2 + 3 + 1 characters.
        assertThat(json.measure(small)).isEqualTo(new IiifJson.Shape(9, 6));
        String many = "{\"n\": [" + "1,".repeat(1000) + "1]}";
        for (var read : java.util.List.<java.util.function.Consumer<byte[]>>of(json::measure, json::parse)) {
            assertThatThrownBy(() -> read.accept(many.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IiifException.TooLarge.class)
                    .hasMessageContaining("it holds more than 1000 JSON tokens")
                    .hasMessageNotContaining("StreamReadConstraints");
        }
        refused("[".repeat(30) + "]".repeat(30), "nests deeper than 20 levels");
        assertThatThrownBy(() -> json.measure("[".repeat(30).getBytes(StandardCharsets.UTF_8)))
                .isNotInstanceOf(IiifException.TooLarge.class).hasMessageContaining("nests deeper than 20 levels");
    }
}
