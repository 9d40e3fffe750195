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
import org.iiifml.support.testing.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * ./bench.sh classifier: the classifier with a model of ResNet18's architecture (random weights, the
 * same compute as the real one) against bare ONNX Runtime on the same model and machine, in one run.
 * Latency: one request at a time through the service (HTTP, multipart, JPEG decode, preprocessing,
 * batcher, inference, softmax, JSON) against one bare {@code run} of the same preprocessed tensor, medians.
 * Throughput: 16 concurrent clients through the service (micro-batching on) against the best of bare
 * batched runs (batch 1 to 16). Both use the same ONNX Runtime threads. A 2000 × 3000 upload is timed
 * decoded at reduced scale (the default) and at full size. Both sizes are measured again through the
 * gateway's jar with an API key, and, where its packages can be installed, on the Python peer
 * ({@link PythonPeer}) with the same model, with the service's ratios to it. Prints RESULT lines; asserts no time.
 */
class ClassifierBench {

    static final int THREADS = Integer.getInteger("bench.threads", 2);
    static final int LATENCY_ROUNDS = Integer.getInteger("bench.latency.rounds", 40);
    static final int THROUGHPUT_REQUESTS = Integer.getInteger("bench.throughput.requests", 160);
    static final int CLIENTS = 16;
    static final boolean SPINNING = Boolean.getBoolean("bench.spinning");
    /** Requests before any is timed: enough for the JIT to compile the decode and preprocessing loops. */
    static final int WARMUP = Integer.getInteger("bench.warmup", 200);

    @Test
    void latencyAndThroughputAgainstBareOnnxRuntime() throws Exception {
        Path store = Files.createTempDirectory("classifier-bench");
        byte[] onnx = TestModels.resnet18(1000, 18);
        List<String> labels = IntStream.range(0, 1000).mapToObj(i -> "class-" + i).toList();
        new ModelStore(store).write(new ModelDescriptor("resnet18", "bench", "classification", "classification/imagenet",
                Preprocessing.imagenet(), labels, "random weights", "ClassifierBench", ModelStore.sha256(onnx), null), onnx);
        // The same model with scaled decoding off (model.json "scaledDecoding": false), for large uploads.
        Preprocessing fullDecoding = new Preprocessing(Preprocessing.SHORT_SIDE_CROP, 224, 224, 256, 1.0 / 255,
                List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225), "RGB", null, false);
        new ModelStore(store).write(new ModelDescriptor("resnet18-full-decode", "bench", "classification", "classification/imagenet",
                fullDecoding, labels, "random weights", "ClassifierBench", ModelStore.sha256(onnx), null), onnx);
        byte[] jpeg = photo(640, 480);
        byte[] large = photo(2000, 3000);
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
            for (int i = 0; i < WARMUP; i++) {
                send(http, uri, jpeg);
            }
            long[] times = new long[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                long start = System.nanoTime();
                send(http, uri, jpeg);
                times[i] = System.nanoTime() - start;
            }
            double serviceLatency = median(times) / 1e6;
            // A 2000 × 3000 upload, decoded at 1/4 (the default) and at full size.
            URI fullDecode = URI.create("http://127.0.0.1:" + port + "/api/classifier/classify?topK=5&model=resnet18-full-decode");
            for (int i = 0; i < WARMUP / 5; i++) {
                send(http, uri, large);
                send(http, fullDecode, large);
            }
            long[] largeScaled = new long[LATENCY_ROUNDS / 2];
            long[] largeFull = new long[LATENCY_ROUNDS / 2];
            for (int i = 0; i < largeScaled.length; i++) {
                long start = System.nanoTime();
                send(http, uri, large);
                largeScaled[i] = System.nanoTime() - start;
                start = System.nanoTime();
                send(http, fullDecode, large);
                largeFull[i] = System.nanoTime() - start;
            }
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


            double serviceRate = throughput(http, uri, jpeg, THROUGHPUT_REQUESTS);
            double largeRate = throughput(http, uri, large, THROUGHPUT_REQUESTS / 4);

            result("bare_latency_ms", bareLatency, "ms");
            result("classify_latency_ms", serviceLatency, "ms");
            result("classify_latency_ratio", serviceLatency / bareLatency, "ratio");
            result("classify_2000x3000_latency_ms", median(largeScaled) / 1e6, "ms");
            result("classify_2000x3000_full_decode_latency_ms", median(largeFull) / 1e6, "ms");
            result("bare_best_batched_images_per_second", bareBest, "images/s");
            result("bare_best_batch_size", bestBatch, "images");
            result("classify_images_per_second_16_clients", serviceRate, "images/s");
            result("classify_throughput_ratio", serviceRate / bareBest, "ratio");
            result("classify_2000x3000_images_per_second_16_clients", largeRate, "images/s");
            byte[][] images = {jpeg, large};
            String[] names = {"640x480", "2000x3000"};
            double[][] alone = {{serviceLatency, serviceRate}, {median(largeScaled) / 1e6, largeRate}};
            double[][] routed = throughTheGateway(port, images);
            double[][] peer = thePeer(store.resolve("resnet18/bench/model.onnx"), images);
            for (int i = 0; i < images.length; i++) {
                if (routed != null) {
                    result("classify_gateway_" + names[i] + "_latency_ms", routed[i][0], "ms");
                    result("classify_gateway_" + names[i] + "_images_per_second_16_clients", routed[i][1], "images/s");
                }
                if (peer != null) {
                    result("peer_" + names[i] + "_latency_ms", peer[i][0], "ms");
                    result("peer_" + names[i] + "_images_per_second_16_clients", peer[i][1], "images/s");
                    result("classify_vs_peer_" + names[i] + "_latency_ratio", alone[i][0] / peer[i][0], "ratio");
                    result("classify_vs_peer_" + names[i] + "_throughput_ratio", alone[i][1] / peer[i][1], "ratio");
                    if (routed != null) {
                        result("classify_gateway_vs_peer_" + names[i] + "_latency_ratio", routed[i][0] / peer[i][0], "ratio");
                        result("classify_gateway_vs_peer_" + names[i] + "_throughput_ratio", routed[i][1] / peer[i][1], "ratio");
                    }
                }
            }
        } finally {
            service.close();
        }
    }

    /** Requests per second from 16 clients sharing {@code requests} uploads. */
    private static double throughput(HttpClient http, URI uri, byte[] image, int requests) throws Exception {
        return throughput(http, uri, null, image, requests);
    }

    private static double throughput(HttpClient http, URI uri, String key, byte[] image, int requests) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                futures.add(clients.submit(() -> {
                    while (next.getAndIncrement() < requests) {
                        sendExpecting(http, uri, key, image, 200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return requests / ((System.nanoTime() - start) / 1e9);
        } finally {
            clients.shutdown();
        }
    }

    /** Median latency and 16-client throughput of each image, after warm-up: {latency ms, images/s} per image. */
    private static double[][] measure(HttpClient http, URI uri, String key, byte[][] images) throws Exception {
        double[][] figures = new double[images.length][];
        for (int i = 0; i < images.length; i++) {
            int warmup = i == 0 ? WARMUP : WARMUP / 5;
            for (int w = 0; w < warmup; w++) {
                sendExpecting(http, uri, key, images[i], 200);
            }
            long[] times = new long[LATENCY_ROUNDS];
            for (int r = 0; r < LATENCY_ROUNDS; r++) {
                long start = System.nanoTime();
                sendExpecting(http, uri, key, images[i], 200);
                times[r] = System.nanoTime() - start;
            }
            figures[i] = new double[] {median(times) / 1e6,
                    throughput(http, uri, key, images[i], i == 0 ? THROUGHPUT_REQUESTS : THROUGHPUT_REQUESTS / 4)};
        }
        return figures;
    }

    /**
     * The same uploads through the gateway's packaged jar in front of this service, authenticated with an
     * API key and its rate limits raised out of the way; null, saying so, where the jar was not built.
     */
    private static double[][] throughTheGateway(int servicePort, byte[][] images) throws Exception {
        Path jar = Path.of("../gateway/target/gateway.jar");
        if (!Files.exists(jar)) {
            System.out.println("bench: through the gateway is skipped: " + jar + " is not built (./bench.sh classifier builds it)");
            return null;
        }
        try (GatewayProcess gateway = GatewayProcess.start(jar, Path.of("target/bench-gateway"),
                java.util.Map.of("classifier", "http://127.0.0.1:" + servicePort), null,
                List.of("--suite.gateway.rate-limit.replenish-rate=1000000", "--suite.gateway.rate-limit.burst-capacity=1000000"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return measure(http, URI.create(gateway.base() + "/api/classifier/classify?topK=5"), gateway.adminKey(), images);
        }
    }

    /**
     * The Python peer on the same model file and threads, measured as the service was; null where its
     * packages cannot be installed ({@link PythonPeer} says why).
     */
    private static double[][] thePeer(Path model, byte[][] images) throws Exception {
        java.util.Optional<PythonPeer> started = PythonPeer.start(model, THREADS);
        if (started.isEmpty()) {
            return null;
        }
        try (PythonPeer peer = started.get()) {
            return measure(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), peer.classify(), null, images);
        }
    }

    /**
     * Large JPEGs decoded at reduced scale (the inverse DCT at 1/2, 1/4 or 1/8, as far as the model's resize
     * allows) against a full decode: milliseconds per image and per megapixel, decode and preprocessing
     * together, and what it does to the scores: the built-in page-type model on 40 synthetic pages of
     * 2000 px, and the ResNet18-architecture model (random weights) on 12 photographs, each decoded both
     * ways; the largest absolute score difference and the number of top-1 changes.
     */
    @Test
    void largeJpegsDecodedAtReducedScaleAgainstFullDecoding() throws Exception {
        ImageDecoder decoder = new ImageDecoder(100_000_000);
        Preprocessing imagenet = Preprocessing.imagenet();
        byte[] large = photo(2000, 3000);
        double mp = 2000 * 3000 / 1e6;
        for (int i = 0; i < 5; i++) {
            imagenet.apply(decoder.decode(large));
            imagenet.apply(decoder.decodeReduced(large, imagenet::maxDecodeReduction).image());
        }
        long[] full = new long[LATENCY_ROUNDS / 2];
        long[] scaled = new long[LATENCY_ROUNDS / 2];
        long[] fullWithPreprocessing = new long[LATENCY_ROUNDS / 2];
        long[] scaledWithPreprocessing = new long[LATENCY_ROUNDS / 2];
        for (int i = 0; i < full.length; i++) {
            long start = System.nanoTime();
            BufferedImage decoded = decoder.decode(large);
            full[i] = System.nanoTime() - start;
            imagenet.apply(decoded);
            fullWithPreprocessing[i] = System.nanoTime() - start;
            start = System.nanoTime();
            BufferedImage reduced = decoder.decodeReduced(large, imagenet::maxDecodeReduction).image();
            scaled[i] = System.nanoTime() - start;
            imagenet.apply(reduced);
            scaledWithPreprocessing[i] = System.nanoTime() - start;
        }
        result("decode_2000x3000_full_ms", median(full) / 1e6, "ms");
        result("decode_full_ms_per_megapixel", median(full) / 1e6 / mp, "ms/MP");
        result("decode_2000x3000_scaled_ms", median(scaled) / 1e6, "ms");
        result("decode_and_preprocess_2000x3000_full_ms", median(fullWithPreprocessing) / 1e6, "ms");
        result("decode_and_preprocess_2000x3000_scaled_ms", median(scaledWithPreprocessing) / 1e6, "ms");

        Path pageType = Files.createTempFile("page-type", ".onnx");
        try (var in = ClassifierApplication.class.getResourceAsStream("/models/page-type/1/model.onnx")) {
            Files.write(pageType, in.readAllBytes());
        }
        Preprocessing stretch = org.iiifml.classifier.pagetype.PageTypeModel.PREPROCESSING;
        org.iiifml.classifier.pagetype.PageGenerator pages = new org.iiifml.classifier.pagetype.PageGenerator(2026_12_04);
        List<byte[]> scans = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            scans.add(scan(pages.page(org.iiifml.classifier.pagetype.PageGenerator.Kind.values()[i % 4]), 2000, i));
        }
        Path resnetFile = Files.createTempFile("resnet18", ".onnx");
        Files.write(resnetFile, TestModels.resnet18(1000, 18));
        List<byte[]> photos = new ArrayList<>();
        int[][] sizes = {{2000, 3000}, {3000, 2000}, {1600, 1200}, {4000, 3000}};
        for (int i = 0; i < 12; i++) {
            photos.add(photo(sizes[i % 4][0], sizes[i % 4][1], 100 + i));
        }
        try (OnnxModel pageModel = OnnxModel.load(pageType, new RuntimeOptions(THREADS, false, "cpu", 0));
                OnnxModel resnet = OnnxModel.load(resnetFile, new RuntimeOptions(THREADS, false, "cpu", 0))) {
            scoreDifference("page_type", pageModel, stretch, scans, decoder);
            scoreDifference("resnet18", resnet, imagenet, photos, decoder);
        } finally {
            Files.deleteIfExists(pageType);
            Files.deleteIfExists(resnetFile);
        }
    }

    /** Scores from a full decode against a reduced one, image by image: the largest difference and top-1 changes. */
    private static void scoreDifference(String name, OnnxModel model, Preprocessing preprocessing, List<byte[]> images,
            ImageDecoder decoder) {
        long[] shape = {3, preprocessing.height(), preprocessing.width()};
        double maxDifference = 0;
        int changes = 0;
        int reducedImages = 0;
        for (byte[] image : images) {
            ImageDecoder.Decoded reduced = decoder.decodeReduced(image, preprocessing::maxDecodeReduction);
            if (reduced.image().getWidth() < reduced.width()) {
                reducedImages++;
            }
            float[] a = org.iiifml.classifier.classify.Classifier.softmax(
                    model.run(preprocessing.apply(decoder.decode(image)), 1, shape).get(0).values());
            float[] b = org.iiifml.classifier.classify.Classifier.softmax(
                    model.run(preprocessing.apply(reduced.image()), 1, shape).get(0).values());
            for (int i = 0; i < a.length; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(a[i] - b[i]));
            }
            if (argmax(a) != argmax(b)) {
                changes++;
            }
        }
        result("scaled_decode_" + name + "_images_reduced", reducedImages, "images");
        result("scaled_decode_" + name + "_max_abs_score_difference", maxDifference, "probability");
        result("scaled_decode_" + name + "_top1_changes", changes, "images");
        result("scaled_decode_" + name + "_images", images.size(), "images");
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A synthetic page as a scanner gives it: enlarged to {@code width}, a little sensor noise, JPEG. */
    private static byte[] scan(BufferedImage page, int width, long seed) throws Exception {
        int height = page.getHeight() * width / page.getWidth();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(page, 0, 0, width, height, null);
        g.dispose();
        Random random = new Random(seed);
        int[] px = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int n = random.nextInt(9) - 4;
            int r = Math.max(0, Math.min(255, (px[i] >> 16 & 0xff) + n));
            int gr = Math.max(0, Math.min(255, (px[i] >> 8 & 0xff) + n));
            int b = Math.max(0, Math.min(255, (px[i] & 0xff) + n));
            px[i] = r << 16 | gr << 8 | b;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "jpeg", bytes);
        return bytes.toByteArray();
    }

    private static void send(HttpClient http, URI uri, byte[] jpeg) throws Exception {
        sendExpecting(http, uri, null, jpeg, 200);
    }

    private static void sendExpecting(HttpClient http, URI uri, byte[] jpeg, int status) throws Exception {
        sendExpecting(http, uri, null, jpeg, status);
    }

    /** @param key an API key for the gateway, or null */
    private static void sendExpecting(HttpClient http, URI uri, String key, byte[] jpeg, int status) throws Exception {
        String boundary = "bench-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"page.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(jpeg);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException("classify answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static byte[] photo(int w, int h) throws Exception {
        return photo(w, h, 5);
    }

    private static byte[] photo(int w, int h, long seed) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
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
