package org.iiifml.iiif.annotation;

/** The software that made an annotation: the model name and version, and where it is described. */
public record Generator(String id, String name, String version) {
}
