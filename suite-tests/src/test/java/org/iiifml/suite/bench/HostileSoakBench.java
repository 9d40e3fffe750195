package org.iiifml.suite.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import javax.imageio.ImageIO;
import org.iiifml.suite.SuiteLayout;
import org.iiifml.suite.localrun.GatewayKeys;
import org.iiifml.suite.localrun.LocalSuite;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.identity.IdentitySigner;
import org.iiifml.support.testing.TestPngs;
import org.junit.jupiter.api.Test;

/**
 * ./bench.sh hostile: the cases of the hostile-input probe (issue 17) replayed concurrently against the
 * local run for a bounded time (-Dbench.seconds, default 60), each from its own client threads, through the
 * gateway as an outside caller would send them (-Dbench.cases picks some). A stand-in IIIF server on loopback serves the hostile
 * documents and images. Prints, as RESULT lines: answers per case and status; how slow-header connections
 * ended; the peak resident memory and peak heap of every service against its -Xmx; readiness checks that
 * failed; and the p99 latency of a normal request (the demo book's manifest) quiet and during the soak.
 * The hostile cases come from one client's API key and the normal requests, paced at half the default
 * rate limit, from another's, as they would from a public caller and a library's own program.
 * Asserts nothing about time: the figures are for docs/benchmarks.md.
 */
class HostileSoakBench {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    /** Cases to replay, by name prefix, comma-separated (-Dbench.cases=e1,e2; default all), to see what costs what. */
    private static final List<String> ONLY = List.of(System.getProperty("bench.cases", "").split(",")).stream()
            .map(String::trim).filter(c -> !c.isEmpty()).toList();
    private static final double MB = 1 << 20;

    /** The normal client's pace: half the default rate limit of reads (20/s), so that it is never refused. */
    private static final Duration NORMAL_PACE = Duration.ofMillis(100);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Map<Integer, AtomicLong>> answers = new ConcurrentHashMap<>();
    /** The hostile cases' client (read, run) and the normal requests' (read): two keys, two rate limits. */
    private volatile String hostileKey;
    private volatile String normalKey;
    private volatile String adminKey;
    private volatile IdentitySigner signer;

    @Test
    void hostileSoak() throws Exception {
        HttpServer iiif = hostileServer();
        try (LocalSuite suite = LocalSuite.start(SuiteLayout.root().resolve("suite-tests/target/bench-hostile"))) {
            String gateway = "http://127.0.0.1:" + suite.port("gateway");
            adminKey = suite.adminKey();
            hostileKey = GatewayKeys.create(gateway, adminKey, "hostile-client", "read", "run");
            normalKey = GatewayKeys.create(gateway, adminKey, "librarian", "read");
            signer = new IdentitySigner(suite.identitySecret(), Duration.ofMinutes(2));
            String source = "http://127.0.0.1:" + iiif.getAddress().getPort();
            String book = gateway + "/api/iiif/manifest?url=" + enc(gateway + "/demo/iiif/book/manifest.json");
            Map<String, LocalSuite.Started> started = suite.started();

            latencies(book, 50);
            double[] quiet = latencies(book, 300);

            Map<String, IntSupplier> cases = cases(gateway, source);
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newCachedThreadPool();
            for (var c : cases.entrySet()) {
                if (!ONLY.isEmpty() && ONLY.stream().noneMatch(c.getKey()::startsWith)) {
                    continue;
                }
                for (int t = 0; t < 2; t++) {
                    pool.submit(() -> {
                        while (running.get()) {
                            count(c.getKey(), safely(c.getValue()));
                        }
                    });
                }
            }
            for (int i = 0; i < (ONLY.isEmpty() || ONLY.contains("slow-headers") ? 100 : 0); i++) {
                pool.submit(() -> {
                    while (running.get()) {
                        count("slow-headers", slowHeaders(suite.port("gateway")));
                    }
                });
            }
            Map<String, Long> peakRss = new TreeMap<>();
            Map<String, Long> peakHeap = new TreeMap<>();
            AtomicLong notReady = new AtomicLong();
            pool.submit(() -> {
                while (running.get()) {
                    for (var s : started.entrySet()) {
                        peakRss.merge(s.getKey(), rss(s.getValue().pid()), Math::max);
                        peakHeap.merge(s.getKey(), heapUsed(suite.port(s.getKey())), Math::max);
                        if (status("http://127.0.0.1:" + suite.port(s.getKey()) + "/actuator/health/readiness") != 200) {
                            notReady.incrementAndGet();
                        }
                    }
                    sleep(1000);
                }
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            List<Double> soak = new ArrayList<>();
            while (System.nanoTime() < end) {
                soak.add(latencies(book, 1)[0]);
            }
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);

            answers.forEach((name, statuses) -> statuses.forEach((status, n) -> result("hostile." + name + "." + status, n.get(), "answers")));
            for (var s : started.entrySet()) {
                result("hostile.peak_rss." + s.getKey(), peakRss.getOrDefault(s.getKey(), 0L) / MB, "MB");
                result("hostile.peak_heap." + s.getKey(), peakHeap.getOrDefault(s.getKey(), 0L) / MB, "MB");
                result("hostile.xmx." + s.getKey(), s.getValue().heapMb(), "MB");
                result("hostile.alive." + s.getKey(), ProcessHandle.of(s.getValue().pid()).map(ProcessHandle::isAlive).orElse(false) ? 1 : 0, "bool");
            }
            result("hostile.readiness_failures", notReady.get(), "checks");
            double quietP99 = percentile(quiet, 99);
            double soakP99 = percentile(soak.stream().mapToDouble(Double::doubleValue).toArray(), 99);
            result("hostile.normal_p99_quiet", quietP99, "ms");
            result("hostile.normal_p99_soak", soakP99, "ms");
            result("hostile.normal_p99_ratio", soakP99 / quietP99, "x");
            result("hostile.normal_requests_soak", soak.size(), "requests");
        } finally {
            iiif.stop(0);
        }
    }

    /** The cases: each sends one request and returns the status it was answered with. */
    private Map<String, IntSupplier> cases(String gateway, String source) throws IOException {
        byte[] deep = TestPngs.rgba16(10_000, 10_000, x -> 0);
        byte[] small = jpeg(640, 480);
        Map<String, IntSupplier> cases = new LinkedHashMap<>();
        cases.put("e1-million-canvases", () -> status(gateway + "/api/iiif/manifest?url=" + enc(source + "/e1.json")));
        cases.put("e2-deep-png-upload", () -> upload(gateway + "/api/classifier/classify", "multipart/form-data; boundary=b", multipart(deep)));
        cases.put("e2-deep-png-fetch", () -> status(gateway + "/api/iiif/image?service=" + enc(source + "/deep") + "&width=640&height=640"));
        cases.put("e3-level0-box", () -> status(gateway + "/api/iiif/image?service=" + enc(source + "/deep")
                + "&region=0,0,5000,5000&width=640&height=640"));
        cases.put("e3-upscale", () -> status(gateway + "/api/iiif/image?url=" + enc(source + "/small.jpg") + "&width=8000&height=8000&upscale=true"));
        cases.put("e4-truncated-jpeg", () -> status(gateway + "/api/iiif/image?url=" + enc(source + "/cut.jpg") + "&width=640&height=640"));
        cases.put("e5-svg-typed-jpeg", () -> status(gateway + "/api/iiif/image?url=" + enc(source + "/svg.jpg") + "&width=640&height=640"));
        cases.put("e7-multipart-no-boundary", () -> upload(gateway + "/api/classifier/classify", "multipart/form-data", multipart(small)));
        cases.put("e7-nul-canvas-id", () -> post(gateway + "/api/iiif/jobs",
                "{\"manifestUrl\": \"" + source + "/small.json\", \"canvasIds\": [\"c\\u0000x\"]}"));
        cases.put("e8-not-json", () -> status(gateway + "/api/iiif/manifest?url=" + enc(source + "/secret.txt")));
        cases.put("e8-long-url", () -> status(gateway + "/api/iiif/manifest?url=" + "a".repeat(20_000)));
        cases.put("e8-large-headers", () -> status(gateway + "/api/iiif/about", "X-Big", "b".repeat(20_000)));
        cases.put("e9-job-flood", () -> post(gateway + "/api/iiif/jobs", "{\"manifestUrl\": \"" + source + "/small.json\"}"));
        cases.put("e9-detect-flood", () -> upload(gateway + "/api/extractor/detect", "multipart/form-data; boundary=b", multipart(small)));
        return cases;
    }

    private HttpServer hostileServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        byte[] e1 = million().getBytes(StandardCharsets.UTF_8);
        byte[] deep = TestPngs.rgba16(10_000, 10_000, x -> 0);
        byte[] small = jpeg(640, 480);
        byte[] cut = Arrays.copyOf(small, small.length / 2);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            switch (path) {
                case "/e1.json" -> send(exchange, "application/json", e1);
                case "/secret.txt" -> send(exchange, "text/plain", "aws_secret_access_key = AKIAEXAMPLE\n".getBytes(StandardCharsets.UTF_8));
                case "/small.jpg" -> send(exchange, "image/jpeg", small);
                case "/cut.jpg" -> send(exchange, "image/jpeg", cut);
                case "/svg.jpg" -> send(exchange, "image/svg+xml", small);
                case "/deep/info.json" -> send(exchange, "application/json", ("{\"@context\": \"http://iiif.io/api/image/2/context.json\","
                        + " \"@id\": \"" + base + "/deep\", \"protocol\": \"http://iiif.io/api/image\", \"width\": 10000, \"height\": 10000,"
                        + " \"profile\": [\"http://iiif.io/api/image/2/level0.json\"]}").getBytes(StandardCharsets.UTF_8));
                case "/small.json" -> send(exchange, "application/json", ("{\"@context\": \"http://iiif.io/api/presentation/3/context.json\","
                        + " \"id\": \"" + base + "/small.json\", \"type\": \"Manifest\", \"label\": {\"en\": [\"small\"]}, \"items\": [{\"id\": \"" + base
                        + "/c1\", \"type\": \"Canvas\", \"width\": 640, \"height\": 480, \"items\": [{\"id\": \"" + base + "/c1/p\", \"type\":"
                        + " \"AnnotationPage\", \"items\": [{\"id\": \"" + base + "/c1/a\", \"type\": \"Annotation\", \"motivation\": \"painting\","
                        + " \"target\": \"" + base + "/c1\", \"body\": {\"id\": \"" + base + "/small.jpg\", \"type\": \"Image\", \"format\":"
                        + " \"image/jpeg\", \"width\": 640, \"height\": 480}}]}]}]}").getBytes(StandardCharsets.UTF_8));
                default -> {
                    if (path.startsWith("/deep/")) {
                        send(exchange, "image/png", deep);
                    } else {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                    }
                }
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        return server;
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A connection that trickles its headers a byte every 200 ms; returns the status it was answered, 0 if none. */
    private static int slowHeaders(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /api/iiif/about HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (System.nanoTime() < deadline) {
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException closed) {
                    // read what was answered
                }
                try {
                    int b;
                    while ((b = in.read()) >= 0) {
                        answer.write(b);
                    }
                    break;
                } catch (java.net.SocketTimeoutException nothingYet) {
                    // send the next byte
                }
            }
            String text = answer.toString(StandardCharsets.US_ASCII);
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A request of the hostile client. */
    private HttpRequest.Builder hostile(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + hostileKey);
    }

    private int status(String url, String... headers) {
        HttpRequest.Builder request = hostile(url).timeout(Duration.ofSeconds(120));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private int upload(String url, String contentType, byte[] body) {
        return send(hostile(url).timeout(Duration.ofSeconds(120)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private int post(String url, String json) {
        return send(hostile(url).timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0; // no answer: the connection was closed or reset
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int safely(IntSupplier c) {
        try {
            return c.getAsInt();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void count(String name, int status) {
        answers.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    /** The normal client's requests, one per {@link #NORMAL_PACE}. */
    private double[] latencies(String url, int n) {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + normalKey)
                    .timeout(Duration.ofSeconds(120)).build();
            long start = System.nanoTime();
            int status = send(request);
            ms[i] = (System.nanoTime() - start) / 1e6;
            count("normal-request", status);
            sleep(NORMAL_PACE.toMillis());
        }
        return ms;
    }

    private static long rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Heap in use, from the service's Prometheus metrics (jvm_memory_used_bytes, area heap, all pools). */
    private long heapUsed(int port) {
        try {
            // A service answers its metrics to what the gateway signed; the gateway to the admin key.
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + adminKey)
                    .header(IdentitySigner.HEADER, signer.sign(new ClientIdentity("operator", ClientIdentity.ALL_SCOPES), "GET",
                            "/actuator/prometheus", java.time.Instant.now()))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return (long) metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static byte[] multipart(byte[] image) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(image);
        body.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static String million() {
        StringBuilder s = new StringBuilder("{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", \"id\": \"https://example.org/m\","
                + " \"type\": \"Manifest\", \"label\": {\"en\": [\"m\"]}, \"items\": [");
        for (int i = 0; i < 1_000_000; i++) {
            s.append(i == 0 ? "" : ",").append("{\"id\":\"c").append(i).append("\",\"type\":\"Canvas\"}");
        }
        return s.append("]}").toString();
    }

    private static byte[] jpeg(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpg", out);
        return out.toByteArray();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.2f %s", name, value, unit));
    }
}
