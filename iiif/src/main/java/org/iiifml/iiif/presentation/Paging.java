package org.iiifml.iiif.presentation;

/**
 * Paging links of a paged collection (v2 {@code first}/{@code next}/{@code total}, or the same terms on a
 * v3 document). All null on an unpaged collection.
 */
public record Paging(String first, String last, String next, String prev, Long total, Integer startIndex) {

    public static final Paging NONE = new Paging(null, null, null, null, null, null);
}
