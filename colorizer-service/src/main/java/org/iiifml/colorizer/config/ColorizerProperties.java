package org.iiifml.colorizer.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The colorizer's settings.
 *
 * @param modelDirectory the model store (default ~/.iiif-ml-suite/models; the local run uses its run folder)
 * @param defaultModel the model used when a request names none: name or name:version (default: the first
 *     listed)
 * @param maxUploadBytes largest uploaded image (default 32MB)
 * @param maxOutputPixels largest image colourised: the answer keeps the input's pixel size, so an input
 *     larger than this is refused, not shrunk (default 50000000)
 * @param jpegQuality JPEG quality of answers, 0.1–1 (default 0.92)
 * @param markByDefault draw the small "colourised by machine" mark when a request does not say (default
 *     false)
 * @param concurrentColorizations colourisations run at once; each uses suite.inference.intra-op-threads
 *     (default 1)
 * @param queueCapacity uploads that may wait for a turn; past it, 429 (default 16)
 * @param resultsDirectory where a job's colourised images are kept, never in the database (default
 *     ~/.iiif-ml-suite/colorizer-results; the local run uses its run folder, Kubernetes a volume)
 * @param resultsRetention how long a colourised image is kept after it was last written (default 30d)
 * @param operatorName who runs this suite, named as a provider of the derivative manifests (default
 *     "IIIF ML Suite")
 */
@ConfigurationProperties("suite.colorizer")
public record ColorizerProperties(
        @DefaultValue("") String modelDirectory,
        @DefaultValue("") String defaultModel,
        @DefaultValue("32MB") DataSize maxUploadBytes,
        @DefaultValue("50000000") long maxOutputPixels,
        @DefaultValue("0.92") float jpegQuality,
        @DefaultValue("false") boolean markByDefault,
        @DefaultValue("1") int concurrentColorizations,
        @DefaultValue("16") int queueCapacity,
        @DefaultValue("") String resultsDirectory,
        @DefaultValue("30d") java.time.Duration resultsRetention,
        @DefaultValue("IIIF ML Suite") String operatorName) {

    public ColorizerProperties {
        if (maxOutputPixels < 1 || concurrentColorizations < 1 || queueCapacity < 0 || !(jpegQuality >= 0.1f && jpegQuality <= 1f)) {
            throw new IllegalArgumentException("suite.colorizer: max-output-pixels and concurrent-colorizations must be positive,"
                    + " queue-capacity not negative, jpeg-quality between 0.1 and 1");
        }
    }
}
