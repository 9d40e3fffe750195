package org.iiifml.inference.runtime;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers requests for one model into batches: the first request waits at most {@code maxDelay} for
 * others, up to {@code maxBatch}, then all run in one inference on the batcher's own thread. The queue is
 * bounded; a request that finds it full is refused at once ({@link Admission.Busy}, answered 429), so
 * overload shows as fast refusals instead of growing latency. Meters: {@code inference.latency} (queue
 * and run, per request), {@code inference.batch.size}, {@code inference.queue.depth}, tagged by model.
 */
public final class MicroBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MicroBatcher.class);

    private record Request(float[] input, long queuedAt, CompletableFuture<OnnxModel.Output> result) {
    }

    private final String name;
    private final OnnxModel model;
    private final long[] imageShape;
    private final int imageSize;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final int capacity;
    private final BlockingQueue<Request> queue;
    /** Where batches are assembled: direct and reused, so ONNX Runtime reads it in place (no copy, no garbage). */
    private final java.nio.FloatBuffer input;
    private final Thread worker;
    private final Timer latency;
    private final DistributionSummary batchSizes;
    private volatile boolean running = true;

    /**
     * @param imageShape one image's input shape, without the batch dimension
     * @param maxBatch images per inference at most (1 when the model's batch dimension is fixed)
     * @param maxDelay how long the first request of a batch waits for others
     * @param capacity requests waiting at most
     */
    public MicroBatcher(String name, OnnxModel model, long[] imageShape, int maxBatch, Duration maxDelay, int capacity,
            MeterRegistry meters) {
        if (maxBatch < 1 || capacity < 1) {
            throw new IllegalArgumentException("maxBatch and capacity must be at least 1");
        }
        this.name = name;
        this.model = model;
        this.imageShape = imageShape.clone();
        long size = 1;
        for (long d : imageShape) {
            size *= d;
        }
        this.imageSize = (int) size;
        this.maxBatch = model.batchable() ? maxBatch : 1;
        this.maxDelayNanos = maxDelay.toNanos();
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.input = java.nio.ByteBuffer.allocateDirect(this.maxBatch * imageSize * Float.BYTES)
                .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        this.latency = Timer.builder("inference.latency").description("Queue wait and inference, per image").tag("model", name)
                .publishPercentileHistogram().register(meters);
        this.batchSizes = DistributionSummary.builder("inference.batch.size").description("Images per inference").tag("model", name)
                .register(meters);
        Gauge.builder("inference.queue.depth", queue, BlockingQueue::size).description("Images waiting").tag("model", name)
                .register(meters);
        this.worker = new Thread(this::loop, "inference-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int queued() {
        return queue.size();
    }

    /** Queues one image (already preprocessed, {@code imageShape} floats); refuses at once when the queue is full. */
    public CompletableFuture<OnnxModel.Output> submit(float[] input) {
        if (input.length != imageSize) {
            throw new IllegalArgumentException("expected " + imageSize + " floats, got " + input.length);
        }
        CompletableFuture<OnnxModel.Output> result = new CompletableFuture<>();
        if (!running || !queue.offer(new Request(input, System.nanoTime(), result))) {
            throw new Admission.Busy("model " + name, capacity, 1);
        }
        return result;
    }

    private void loop() {
        List<Request> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                Request first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = first.queuedAt() + maxDelayNanos;
                while (batch.size() < maxBatch) {
                    long wait = deadline - System.nanoTime();
                    Request next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.warn("Inference of {} failed: {}", name, e.getMessage());
                batch.forEach(r -> r.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Request left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new Admission.Busy("model " + name, capacity, 1));
        }
    }

    private void run(List<Request> batch) {
        int n = batch.size();
        input.clear();
        for (Request request : batch) {
            input.put(request.input());
        }
        input.flip();
        List<OnnxModel.Output> outputs = model.run(input, n, imageShape);
        batchSizes.record(n);
        long now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Request r = batch.get(i);
            latency.record(now - r.queuedAt(), TimeUnit.NANOSECONDS);
            r.result().complete(outputs.get(i));
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
