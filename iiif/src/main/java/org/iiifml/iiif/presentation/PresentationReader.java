package org.iiifml.iiif.presentation;

import java.io.InputStream;
import org.iiifml.iiif.json.IiifException;
import org.iiifml.iiif.json.IiifJson;
import org.iiifml.iiif.json.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * Reads Presentation 2.x and 3.0 manifests and collections, as real institutions publish them, into the
 * one Presentation 3 model. Tolerant of what viewers tolerate; an {@link IiifException} only when the
 * document is not the kind of resource asked for.
 */
public final class PresentationReader {

    private final IiifJson json;

    public PresentationReader(IiifJson json) {
        this.json = json;
    }

    public PresentationReader() {
        this(IiifJson.withDefaults());
    }

    public Manifest readManifest(InputStream in) {
        return readManifest(json.parse(in));
    }

    public Collection readCollection(InputStream in) {
        return readCollection(json.parse(in));
    }

    public Manifest readManifest(JsonNode root) {
        String kind = kind(root);
        if (!"Manifest".equals(kind)) {
            throw new IiifException("expected a Manifest but the document is " + describe(kind));
        }
        return version(root) == PresentationVersion.V3 ? V3Reader.manifest(root) : V2Reader.manifest(root);
    }

    public Collection readCollection(JsonNode root) {
        String kind = kind(root);
        if (!"Collection".equals(kind)) {
            throw new IiifException("expected a Collection but the document is " + describe(kind));
        }
        return version(root) == PresentationVersion.V3 ? V3Reader.collection(root) : V2Reader.collection(root);
    }

    /** Manifest, Collection, or another type name (or null) as the document declares itself. */
    public static String kind(JsonNode root) {
        String type = Resources.normaliseType(Nodes.type(root), null);
        if (type == null) {
            // Untyped documents: the structure tells.
            if (root.has("sequences") || root.has("structures")) {
                return "Manifest";
            }
            if (root.has("manifests") || root.has("collections") || root.has("members")) {
                return "Collection";
            }
        }
        return type;
    }

    /**
     * The version from {@code @context}; where it is missing or unknown (shared-canvas, typos), from the
     * structure: {@code sc:} types, {@code @id} or {@code sequences} mean 2, otherwise 3.
     */
    public static PresentationVersion version(JsonNode root) {
        for (String context : Nodes.contexts(root)) {
            if (context.contains("iiif.io/api/presentation/3")) {
                return PresentationVersion.V3;
            }
            if (context.contains("iiif.io/api/presentation/2") || context.contains("shared-canvas.org")) {
                return PresentationVersion.V2;
            }
        }
        String type = Nodes.text(root, "@type");
        if ((type != null && type.startsWith("sc:")) || root.has("sequences") || root.has("manifests")
                || root.has("members") || (root.has("@id") && !root.has("items"))) {
            return PresentationVersion.V2;
        }
        return PresentationVersion.V3;
    }

    private static String describe(String kind) {
        return kind == null ? "of no IIIF type" : "a " + kind;
    }
}
