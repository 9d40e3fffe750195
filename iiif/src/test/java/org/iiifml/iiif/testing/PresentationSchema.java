package org.iiifml.iiif.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The official IIIF Presentation Validator's JSON Schema for Presentation 3 (test resource
 * {@code iiif-validator/iiif_3_0.json}, attribution in its SOURCES.md beside it). Every Presentation 3
 * document the suite publishes is checked against it in the tests.
 *
 * <p>The validator checks a document against the root {@code oneOf} (manifest, collection, annotation
 * collection, page or annotation); here a document is checked against the one class its {@code type}
 * names, so that a failure lists that class's errors rather than five alternatives'. Like the validator,
 * {@link #errors} does not assert formats; {@link #strictErrors} does.
 */
public final class PresentationSchema {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNode ROOT = load();
    private static final Map<String, Schema> BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<String, String> CLASSES = Map.of(
            "Manifest", "manifest",
            "Collection", "collection",
            "AnnotationCollection", "annotationCollection",
            "AnnotationPage", "annotationPage",
            "Annotation", "annotation");

    private PresentationSchema() {
    }

    private static JsonNode load() {
        try (InputStream in = PresentationSchema.class.getResourceAsStream("/iiif-validator/iiif_3_0.json")) {
            if (in == null) {
                throw new IllegalStateException("iiif-validator/iiif_3_0.json is not on the test classpath");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's errors for a document, as the validator finds them (formats not asserted); empty when valid. */
    public static List<String> errors(JsonNode document) {
        return validate(document, false);
    }

    /** As {@link #errors}, and also asserting formats: every {@code uri} an RFC 3986 URI. */
    public static List<String> strictErrors(JsonNode document) {
        return validate(document, true);
    }

    public static boolean isValid(JsonNode document) {
        return errors(document).isEmpty();
    }

    private static List<String> validate(JsonNode document, boolean strict) {
        JsonNode type = document.get("type");
        String className = type != null && type.isString() ? CLASSES.get(type.stringValue()) : null;
        if (className == null) {
            return List.of("$.type: " + type + " is none of " + CLASSES.keySet());
        }
        Schema schema = BY_CLASS.computeIfAbsent(className + (strict ? "/strict" : ""), k -> schemaFor(className, strict));
        // oneOf reports its own failure beside each branch's: the branches' errors are the informative ones.
        return schema.validate(document).stream()
                .filter(e -> !"oneOf".equals(e.getKeyword()) && !"anyOf".equals(e.getKeyword()))
                .map(PresentationSchema::describe)
                .distinct()
                .toList();
    }

    private static Schema schemaFor(String className, boolean strict) {
        ObjectNode copy = (ObjectNode) ROOT.deepCopy();
        copy.remove("$id"); // resolve every $ref within this copy, never by its public address
        copy.putArray("oneOf").addObject().put("$ref", "#/classes/" + className);
        // Draft 7, told that the schema's containers of definitions ("types", "classes") and its one typo
        // ("type:" in the selectors, which the validator ignores too) are not keywords, so it logs no warning.
        Dialect dialect = Dialect.builder(Dialects.getDraft7())
                .keyword(new NonValidationKeyword("types"))
                .keyword(new NonValidationKeyword("classes"))
                .keyword(new NonValidationKeyword("type:"))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDialect(dialect,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(strict).build()));
        return registry.getSchema(copy);
    }

    private static String describe(Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }
}
