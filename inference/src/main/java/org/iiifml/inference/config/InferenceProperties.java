package org.iiifml.inference.config;

import java.time.Duration;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service runs its models.
 *
 * @param intraOpThreads threads one inference may use (default 2)
 * @param spinning let idle ONNX Runtime threads spin; off so that a small pod's CPU goes to work (default false)
 * @param executionProvider cpu or cuda; cuda falls back to cpu with a log line when no CUDA runtime is
 *     present (default cpu; the Kubernetes gpu overlay sets cuda)
 * @param cudaDevice the GPU used with cuda (default 0)
 * @param maxBatch images per inference at most, for models with a dynamic batch dimension (default 8)
 * @param maxDelay how long the first image of a batch waits for others; 0 takes what is waiting, so
 *     batches form while the model is busy and a lone request never waits (default 0ms)
 * @param queueCapacity images waiting per model at most; past it requests are answered 429 (default 64)
 * @param maxPixels largest width × height decoded, read from the image header first (default 100000000)
 * @param maxRasterBytes largest memory one decode may take, worked out from the header's size and sample
 *     depth before any pixel is decoded: a 16-bit RGBA PNG takes 12 bytes a pixel, an 8-bit RGB JPEG 7
 *     (default 1GB)
 * @param reloadInterval how often the model store is looked at for new versions, which are then served
 *     without a restart; 0 never (default 10s)
 */
@ConfigurationProperties("suite.inference")
public record InferenceProperties(
        @DefaultValue("2") int intraOpThreads,
        @DefaultValue("false") boolean spinning,
        @DefaultValue("cpu") String executionProvider,
        @DefaultValue("0") int cudaDevice,
        @DefaultValue("8") int maxBatch,
        @DefaultValue("0ms") Duration maxDelay,
        @DefaultValue("64") int queueCapacity,
        @DefaultValue("100000000") long maxPixels,
        @DefaultValue("1GB") org.springframework.util.unit.DataSize maxRasterBytes,
        @DefaultValue("10s") Duration reloadInterval) {

    public InferenceProperties {
        if (maxBatch < 1 || queueCapacity < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("suite.inference: max-batch, queue-capacity and max-pixels must be positive");
        }
    }

    public RuntimeOptions runtime() {
        return new RuntimeOptions(intraOpThreads, spinning, executionProvider, cudaDevice);
    }
}
