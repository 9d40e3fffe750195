package org.iiifml.iiif.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Parses and writes IIIF JSON within {@link JsonLimits}; every reader of the library goes through here. */
public final class IiifJson {

    private final JsonMapper mapper;
    private final JsonLimits limits;

    public IiifJson(JsonLimits limits) {
        this.limits = limits;
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxNameLength(limits.maxNameLength())
                .maxTokenCount(limits.maxTokens())
                .build();
        this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()).build();
    }

    public static IiifJson withDefaults() {
        return new IiifJson(JsonLimits.DEFAULTS);
    }

    /** Parses a document; anything that is not a JSON object within the limits is an {@link IiifException}. */
    public JsonNode parse(InputStream in) {
        try {
            JsonNode node = mapper.readTree(in);
            if (node == null || !node.isObject()) {
                throw new IiifException("the document is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    /**
     * Which limit a document broke, or where it stops being JSON; never what it says: the parser's own
     * message quotes the document, which may be anything the fetcher was pointed at (a credentials file),
     * and a client would read it back in the problem.
     */
    private IiifException unreadable(JacksonException e) {
        if (e instanceof tools.jackson.core.exc.StreamConstraintsException limit) {
            String which = limit(limit);
            String message = "the document is past the JSON reader's limits: " + which;
            return which.startsWith("it holds") || which.startsWith("it is longer")
                    ? new IiifException.TooLarge(message, e) : new IiifException(message, e);
        }
        var at = e.getLocation();
        return new IiifException("the document is not valid JSON"
                + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
    }

    /** Which limit a document broke, in the library's terms rather than the parser's. */
    private String limit(tools.jackson.core.exc.StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("token")) {
            return "it holds more than " + limits.maxTokens() + " JSON tokens";
        }
        if (message.contains("depth")) {
            return "it nests deeper than " + limits.maxDepth() + " levels";
        }
        if (message.contains("number")) {
            return "a number is longer than " + limits.maxNumberLength() + " characters";
        }
        if (message.contains("name")) {
            return "a property name is longer than " + limits.maxNameLength() + " characters";
        }
        if (message.contains("string")) {
            return "a string is longer than " + limits.maxStringLength() + " characters";
        }
        return "it is longer than " + limits.maxDocumentBytes() + " bytes";
    }

    /**
     * What a document holds, counted by the streaming parser without building anything: its tokens and the
     * characters of its names and strings. Within the same limits as {@link #parse}.
     */
    public record Shape(long tokens, long textChars) {
        /**
         * The heap its parsed tree will take, roughly: measured on manifests (docs/benchmarks.md,
         * {@code ./bench.sh documents}) at 58 bytes a token with its text; estimated at {@value #BYTES_PER_TOKEN} a token and two a
         * character of text.
         */
        public long treeBytes() {
            return tokens * BYTES_PER_TOKEN + textChars * 2;
        }

        static final int BYTES_PER_TOKEN = 48;
    }

    public Shape measure(byte[] bytes) {
        try (tools.jackson.core.JsonParser parser = mapper.createParser(bytes)) {
            long tokens = 0;
            long chars = 0;
            for (tools.jackson.core.JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                tokens++;
                if (token == tools.jackson.core.JsonToken.VALUE_STRING || token == tools.jackson.core.JsonToken.PROPERTY_NAME) {
                    chars += parser.getStringLength();
                }
            }
            return new Shape(tokens, chars);
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    public JsonNode parse(byte[] bytes) {
        return parse(new java.io.ByteArrayInputStream(bytes));
    }

    public JsonNode parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectNode newObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    public String write(JsonNode node) {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    public byte[] writeBytes(JsonNode node) {
        return mapper.writeValueAsBytes(node);
    }
}
