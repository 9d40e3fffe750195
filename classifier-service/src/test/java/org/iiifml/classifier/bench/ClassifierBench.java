package org.iiifml.classifier.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.iiifml.classifier.ClassifierApplication;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.inference.preprocess.Preprocessing;
import org.iiifml.inference.runtime.OnnxModel;
import org.iiifml.inference.runtime.RuntimeOptions;
import org.iiifml.inference.store.ModelDescriptor;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.inference.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * ./bench.sh classifier: the classifier with a model of ResNet18's architecture (random weights, the
 * same compute as the real one) against bare ONNX Runtime on the same model and machine, in one run.
 * Latency: one request at a time through the service (HTTP, multipart, JPEG decode, preprocessing,
 * batcher, inference, softmax, JSON) against one bare {@code run} of the same preprocessed tensor, medians.
 * Throughput: 16 concurrent clients through the service (micro-batching on) against the best of bare
 * batched runs (batch 1 to 16). Both use the same ONNX Runtime threads. Prints RESULT lines; asserts no time.
 */
class ClassifierBench {

    static final int THREADS = Integer.getInteger("bench.threads", 2);
    static final int LATENCY_ROUNDS = Integer.getInteger("bench.latency.rounds", 40);
    static final int THROUGHPUT_REQUESTS = Integer.getInteger("bench.throughput.requests", 160);
    static final int CLIENTS = 16;
    static final boolean SPINNING = Boolean.getBoolean("bench.spinning");

    @Test
    void latencyAndThroughputAgainstBareOnnxRuntime() throws Exception {
        Path store = Files.createTempDirectory("classifier-bench");
        byte[] onnx = TestModels.resnet18(1000, 18);
        List<String> labels = IntStream.range(0, 1000).mapToObj(i -> "class-" + i).toList();
        new ModelStore(store).write(new ModelDescriptor("resnet18", "bench", "classification", "classification/imagenet",
                Preprocessing.imagenet(), labels, "random weights", "ClassifierBench", ModelStore.sha256(onnx), null), onnx);
        byte[] jpeg = photo(640, 480);
        float[] tensor = Preprocessing.imagenet().apply(new ImageDecoder(100_000_000).decode(jpeg));
        long[] image = {3, 224, 224};

        // Bare ONNX Runtime, the baseline: the same model, threads and tensor.
        double bareLatency;
        double bareBest = 0;
        int bestBatch = 1;
        try (OnnxModel bare = OnnxModel.load(store.resolve("resnet18/bench/model.onnx"),
                new RuntimeOptions(THREADS, SPINNING, "cpu", 0))) {
            for (int i = 0; i < 10; i++) {
                bare.run(tensor, 1, image);
            }
            long[] times = new long[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                long start = System.nanoTime();
                bare.run(tensor, 1, image);
                times[i] = System.nanoTime() - start;
            }
            bareLatency = median(times) / 1e6;
            for (int batch : new int[] {1, 2, 4, 8, 16}) {
                float[] data = new float[batch * tensor.length];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(tensor, 0, data, b * tensor.length, tensor.length);
                }
                bare.run(data, batch, image);
                int runs = Math.max(2, THROUGHPUT_REQUESTS / batch / 2);
                long start = System.nanoTime();
                for (int r = 0; r < runs; r++) {
                    bare.run(data, batch, image);
                }
                double rate = runs * batch / ((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "bench: bare batch %d: %.1f images/s%n", batch, rate);
                if (rate > bareBest) {
                    bareBest = rate;
                    bestBatch = batch;
                }
            }
        }

        ConfigurableApplicationContext service = new SpringApplication(ClassifierApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--suite.classifier.model-directory=" + store,
                "--suite.classifier.default-model=resnet18", "--suite.inference.intra-op-threads=" + THREADS, "--suite.inference.spinning=" + SPINNING,
                "--suite.inference.max-batch=8", "--suite.inference.queue-capacity=256",
                "--suite.jobs.enabled=false");
        try {
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/classifier/classify?topK=5");
            for (int i = 0; i < 10; i++) {
                send(http, uri, jpeg);
            }
            long[] times = new long[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                long start = System.nanoTime();
                send(http, uri, jpeg);
                times[i] = System.nanoTime() - start;
            }
            double serviceLatency = median(times) / 1e6;
            // The HTTP exchange alone: the same upload, answered 404 once read (an unknown model).
            URI nowhere = URI.create("http://127.0.0.1:" + port + "/api/classifier/classify?model=no-such-model");
            long[] exchange = new long[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                long start = System.nanoTime();
                sendExpecting(http, nowhere, jpeg, 404);
                exchange[i] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "bench: the multipart upload over HTTP, answered without classifying: %.2f ms (median)%n",
                    median(exchange) / 1e6);
            // The same work without HTTP: where the time of a request goes.
            var classifier = service.getBean(org.iiifml.classifier.classify.Classifier.class);
            long[] inProcess = new long[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                long start = System.nanoTime();
                classifier.classify(jpeg, (String) null, 5).block();
                inProcess[i] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "bench: decode, preprocess, batcher and inference in-process: %.2f ms (median)%n",
                    median(inProcess) / 1e6);
            var loaded = (org.iiifml.classifier.models.LoadedModel) service.getBean(org.iiifml.inference.registry.ModelRegistry.class)
                    .resolve(null).model();
            var session = loaded.model();
            long[] direct = new long[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                long start = System.nanoTime();
                session.run(tensor, 1, image);
                direct[i] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "bench: the service's own session called directly: %.2f ms (median)%n", median(direct) / 1e6);
            var batcher = loaded.batcher();
            long[] batched = new long[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                long start = System.nanoTime();
                batcher.submit(tensor).get();
                batched[i] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "bench: the preprocessed tensor through the batcher alone: %.2f ms (median)%n",
                    median(batched) / 1e6);
            try (var plain = new org.iiifml.inference.runtime.MicroBatcher("probe", session, image, 8, java.time.Duration.ZERO, 64,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
                long[] probe = new long[LATENCY_ROUNDS];
                for (int i = 0; i < LATENCY_ROUNDS; i++) {
                    long start = System.nanoTime();
                    plain.submit(tensor).get();
                    probe[i] = System.nanoTime() - start;
                }
                System.out.printf(Locale.ROOT, "bench: a new batcher (simple meters) on the same session: %.2f ms (median)%n",
                        median(probe) / 1e6);
            }


            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                futures.add(clients.submit(() -> {
                    while (next.getAndIncrement() < THROUGHPUT_REQUESTS) {
                        send(http, uri, jpeg);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double serviceRate = THROUGHPUT_REQUESTS / ((System.nanoTime() - start) / 1e9);
            clients.shutdown();

            result("bare_latency_ms", bareLatency, "ms");
            result("classify_latency_ms", serviceLatency, "ms");
            result("classify_latency_ratio", serviceLatency / bareLatency, "ratio");
            result("bare_best_batched_images_per_second", bareBest, "images/s");
            result("bare_best_batch_size", bestBatch, "images");
            result("classify_images_per_second_16_clients", serviceRate, "images/s");
            result("classify_throughput_ratio", serviceRate / bareBest, "ratio");
        } finally {
            service.close();
        }
    }

    private static void send(HttpClient http, URI uri, byte[] jpeg) throws Exception {
        sendExpecting(http, uri, jpeg, 200);
    }

    private static void sendExpecting(HttpClient http, URI uri, byte[] jpeg, int status) throws Exception {
        String boundary = "bench-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"page.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(jpeg);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException("classify answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static byte[] photo(int w, int h) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(5);
        for (int i = 0; i < 60; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillOval(random.nextInt(w), random.nextInt(h), 20 + random.nextInt(200), 20 + random.nextInt(200));
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.3f %s", name, value, unit));
    }
}
