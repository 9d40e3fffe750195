package org.iiifml.iiif.annotation;

/**
 * What part of the target an annotation is about: a {@code FragmentSelector} ({@code xywh=…}) or an
 * {@code SvgSelector} (its SVG), with the v2 {@code oa:} prefix dropped. Where a v2 annotation offers an
 * {@code oa:Choice} of selectors, the default one is kept.
 */
public record Selector(String type, String value) {
}
