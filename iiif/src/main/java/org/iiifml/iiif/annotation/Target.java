package org.iiifml.iiif.annotation;

import org.iiifml.iiif.image.Region;

/** The canvas an annotation targets, and the selector within it (null: the whole canvas). */
public record Target(String source, Selector selector) {

    /** The {@code xywh} rectangle of a fragment selector, or null. */
    public Region region() {
        if (selector == null || !"FragmentSelector".equals(selector.type()) || !selector.value().startsWith("xywh=")) {
            return null;
        }
        return Region.parse(selector.value().substring("xywh=".length()).replace("pixel:", ""));
    }
}
