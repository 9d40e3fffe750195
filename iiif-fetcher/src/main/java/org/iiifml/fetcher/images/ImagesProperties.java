package org.iiifml.fetcher.images;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on images fetched for the model services.
 *
 * @param maxBytes largest image downloaded (default 64MB)
 * @param maxPixels largest width × height accepted, read from the image header before anything is decoded
 *     (default 100000000)
 * @param maxOutputPixels largest width × height answered: an upscale or a full-resolution region past it
 *     is answered smaller, of the same shape (default 25000000)
 * @param maxRasterBytes largest memory one decode (cut, scale, convert) may take, worked out from the header's
 *     size and sample depth and the region and scale asked for, before any pixel is decoded; decodes running
 *     at once share {@code suite.memory.decode-budget-fraction} of the heap besides (default 1GB)
 * @param concurrentDecodes decodes (cut, scale, convert) running at once; more wait their turn, so that
 *     decoding never takes every core from the requests that need none (default 0: half the processors,
 *     at least 1)
 */
@ConfigurationProperties("suite.images")
public record ImagesProperties(
        @DefaultValue("64MB") DataSize maxBytes,
        @DefaultValue("100000000") long maxPixels,
        @DefaultValue("25000000") long maxOutputPixels,
        @DefaultValue("1GB") DataSize maxRasterBytes,
        @DefaultValue("0") int concurrentDecodes) {

    public ImagesProperties {
        if (maxPixels < 1 || maxOutputPixels < 1 || concurrentDecodes < 0) {
            throw new IllegalArgumentException("suite.images.max-pixels and max-output-pixels must be positive, concurrent-decodes not negative");
        }
    }

    /** Decodes at once: as configured, or half the processors (at least 1). */
    public int decodeConcurrency() {
        return concurrentDecodes > 0 ? concurrentDecodes : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
