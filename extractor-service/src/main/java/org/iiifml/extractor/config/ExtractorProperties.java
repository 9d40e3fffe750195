package org.iiifml.extractor.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The extractor's own settings.
 *
 * @param modelDirectory the model store: a folder per model version, {@code <name>/<version>/} with
 *     model.onnx and model.json; detectors of the detection/yolov8 contract found there are loaded (default
 *     empty: .iiif-ml-suite/models under the user's home)
 * @param defaultModel the detector used when a request names none, as name or name:version (default
 *     illustrations, the built-in detector)
 * @param confidence lowest score kept when a request does not say (default 0.25)
 * @param iouThreshold yolov8 non-maximum suppression: boxes of one class overlapping a better one by more
 *     than this are dropped (default 0.45)
 * @param maxDetections most boxes answered per image (default 100)
 * @param textInputSize the long side, in pixels, pages are scaled to for the built-in detector's text
 *     mask, and the size pages are fetched at for it; a multiple of 32 (default 1024)
 * @param concurrentDetections detections run at once; each uses suite.inference.intra-op-threads (default 1)
 * @param maxUploadBytes largest uploaded image (default 32MB)
 * @param cropConcurrency crops fetched at once while a zip streams (default 4)
 */
@ConfigurationProperties("suite.extractor")
public record ExtractorProperties(
        @DefaultValue("") String modelDirectory,
        @DefaultValue("illustrations") String defaultModel,
        @DefaultValue("0.25") float confidence,
        @DefaultValue("0.45") float iouThreshold,
        @DefaultValue("100") int maxDetections,
        @DefaultValue("1024") int textInputSize,
        @DefaultValue("1") int concurrentDetections,
        @DefaultValue("32MB") DataSize maxUploadBytes,
        @DefaultValue("4") int cropConcurrency) {

    public ExtractorProperties {
        if (confidence < 0 || confidence > 1 || iouThreshold < 0 || iouThreshold > 1) {
            throw new IllegalArgumentException("suite.extractor: confidence and iou-threshold lie between 0 and 1");
        }
        if (maxDetections < 1 || concurrentDetections < 1 || cropConcurrency < 1) {
            throw new IllegalArgumentException("suite.extractor: max-detections, concurrent-detections and crop-concurrency must be positive");
        }
    }
}
