package org.iiifml.iiif.json;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a document that cannot be read is told as: where and which limit, never its content or the parser's internals. */
class IiifJsonTest {

    final IiifJson json = new IiifJson(new JsonLimits(1024 * 1024, 20, 64, 10, 32));

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
}
