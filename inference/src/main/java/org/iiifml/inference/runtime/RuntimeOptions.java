package org.iiifml.inference.runtime;

/**
 * How ONNX Runtime runs a model.
 *
 * @param intraOpThreads threads one inference may use
 * @param spinning let idle ONNX Runtime threads spin waiting for work; off by default, since spinning
 *     burns the CPU a small pod shares with its HTTP threads
 * @param executionProvider "cpu" or "cuda"; cuda falls back to cpu, with a log line, where no CUDA runtime
 *     is present
 * @param cudaDevice the GPU for cuda
 */
public record RuntimeOptions(int intraOpThreads, boolean spinning, String executionProvider, int cudaDevice) {

    public RuntimeOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1");
        }
        if (!executionProvider.equals("cpu") && !executionProvider.equals("cuda")) {
            throw new IllegalArgumentException("executionProvider must be cpu or cuda, not " + executionProvider);
        }
    }

    public static RuntimeOptions cpu(int threads) {
        return new RuntimeOptions(threads, false, "cpu", 0);
    }
}
