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

    public IiifJson(JsonLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxNameLength(limits.maxNameLength())
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
            throw new IiifException("the document is not valid JSON within the limits: " + e.getOriginalMessage(), e);
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
