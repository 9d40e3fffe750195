package org.iiifml.iiif.annotation;

/**
 * An annotation body: a {@code TextualBody} (v2 {@code cnt:ContentAsText}) with its value, or a resource
 * by id. {@code purpose} is the W3C purpose (tagging, classifying, …); {@code confidence}, when set, is the
 * score of the model that made it (an extension term, ignored by viewers).
 */
public record Body(String id, String type, String value, String language, String format, String purpose, Double confidence) {

    public static Body text(String value, String language, String purpose, Double confidence) {
        return new Body(null, "TextualBody", value, language, "text/plain", purpose, confidence);
    }
}
