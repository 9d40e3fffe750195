package org.iiifml.suite.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.iiifml.suite.SuiteLayout;
import org.iiifml.suite.localrun.GatewayKeys;
import org.iiifml.suite.localrun.LocalSuite;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.identity.IdentitySigner;
import org.iiifml.support.testing.GatewayProcess;
import org.junit.jupiter.api.Test;

/**
 * ./bench.sh gateway: what the gateway costs, with authentication and rate limits on, in one run on one
 * machine. The same cheap request (the fetcher's about) goes to the fetcher directly (signed as the gateway
 * signs), and through three gateways of the same build, heap and settings on the local run's fetcher: one
 * with authentication (an API key), one with it off, one with authentication, rate limits and circuit
 * breakers off: sequential latency percentiles, and 16-client throughput as the median of 5 alternating
 * rounds. Then, on a fourth gateway with a small rate limit
 * (50 tokens/s, bursts of 100: the trainer's cost), one client goes over its limit while another sends at
 * half its limit: the quiet client's p99 during that against its p99 alone. Prints RESULT lines; asserts
 * no time.
 */
class GatewayOverheadBench {

    private static final int WARMUP = 1_000;
    private static final int SEQUENTIAL = 3_000;
    private static final int CONCURRENT_CLIENTS = 16;
    private static final int CONCURRENT_REQUESTS = 4_000;
    private static final int ROUNDS = 5;
    private static final int PACED = 600;
    /** Windows of each condition (alone, burst), alternating. */
    private static final int WINDOWS = 6;
    private static final Duration PACE = Duration.ofMillis(40);
    /** High enough that the throughput runs measure the limiter's cost, not its refusals. */
    private static final String UNLIMITED = "--suite.gateway.rate-limit.replenish-rate=1000000 --suite.gateway.rate-limit.burst-capacity=1000000";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void gatewayOverhead() throws Exception {
        Path dir = SuiteLayout.root().resolve("suite-tests/target/bench-gateway");
        Map<String, String> environment = Map.of("SUITE_JAVA_OPTS", UNLIMITED.replace("--", "-D"));
        try (LocalSuite suite = LocalSuite.start(dir, environment)) {
            String fetcher = "http://127.0.0.1:" + suite.port("iiif-fetcher");
            String secret = suite.identitySecret();
            // The authenticated gateway is started as the others are (same heap, same settings but authentication),
            // so that authentication is the only difference between it and the open one.
            try (GatewayProcess auth = gateway(dir.resolve("auth-gateway"), fetcher, secret, UNLIMITED);
                    GatewayProcess open = gateway(dir.resolve("open-gateway"), fetcher, secret, "--suite.gateway.auth.enabled=false " + UNLIMITED);
                    GatewayProcess bare = gateway(dir.resolve("bare-gateway"), fetcher, secret, "--suite.gateway.auth.enabled=false "
                            + "--suite.gateway.rate-limit.enabled=false --suite.gateway.circuit-breaker.enabled=false");
                    GatewayProcess limited = gateway(dir.resolve("limited-gateway"), fetcher, secret,
                            "--suite.gateway.rate-limit.replenish-rate=50 --suite.gateway.rate-limit.burst-capacity=100")) {
                IdentitySigner signer = new IdentitySigner(secret, Duration.ofMinutes(2));
                String about = "/api/iiif/about";
                Function<URI, HttpRequest> direct = uri -> HttpRequest.newBuilder(uri).header(IdentitySigner.HEADER,
                        signer.sign(new ClientIdentity("bench", java.util.Set.of("read")), "GET", about, Instant.now())).build();
                String key = auth.adminKey();
                Function<URI, HttpRequest> withKey = uri -> HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build();
                Function<URI, HttpRequest> plain = uri -> HttpRequest.newBuilder(uri).build();
                URI directUri = URI.create(fetcher + about);
                URI authUri = URI.create(auth.base() + about);
                URI openUri = URI.create(open.base() + about);
                URI bareUri = URI.create(bare.base() + about);
                sequential(directUri, direct, WARMUP);
                sequential(authUri, withKey, WARMUP);
                sequential(openUri, plain, WARMUP);
                sequential(bareUri, plain, WARMUP);

                double[] directMs = sequential(directUri, direct, SEQUENTIAL);
                double[] authMs = sequential(authUri, withKey, SEQUENTIAL);
                double[] openMs = sequential(openUri, plain, SEQUENTIAL);
                double[] bareMs = sequential(bareUri, plain, SEQUENTIAL);
                // Throughput in alternating rounds, the median of each: on two cores a run drifts by more than
                // authentication costs, and alternating spreads that drift over all four.
                double[][] rounds = new double[4][ROUNDS];
                double[][] cpu = new double[4][ROUNDS];
                for (int r = 0; r < ROUNDS; r++) {
                    rounds[0][r] = concurrent(directUri, direct);
                    rounds[1][r] = concurrent(authUri, withKey, auth, cpu[1], r);
                    rounds[2][r] = concurrent(openUri, plain, open, cpu[2], r);
                    rounds[3][r] = concurrent(bareUri, plain, bare, cpu[3], r);
                }
                double directRps = percentile(rounds[0], 50);
                double authRps = percentile(rounds[1], 50);
                double openRps = percentile(rounds[2], 50);
                double bareRps = percentile(rounds[3], 50);

                result("gateway_direct_latency_p50", percentile(directMs, 50), "ms");
                result("gateway_bare_latency_p50", percentile(bareMs, 50), "ms");
                result("gateway_open_latency_p50", percentile(openMs, 50), "ms");
                result("gateway_auth_latency_p50", percentile(authMs, 50), "ms");
                result("gateway_auth_latency_p99", percentile(authMs, 99), "ms");
                result("gateway_added_latency_p50", percentile(authMs, 50) - percentile(directMs, 50), "ms");
                result("gateway_auth_added_latency_p50", percentile(authMs, 50) - percentile(openMs, 50), "ms");
                result("gateway_direct_throughput", directRps, "req/s");
                result("gateway_bare_throughput", bareRps, "req/s");
                result("gateway_open_throughput", openRps, "req/s");
                result("gateway_auth_throughput", authRps, "req/s");
                result("gateway_throughput_ratio", authRps / directRps, "ratio");
                result("gateway_auth_throughput_ratio", authRps / openRps, "ratio");
                // CPU per request of each gateway's own process: what authentication costs, free of the drift
                // that two cores shared with the clients and the services put into throughput.
                double authCpu = percentile(cpu[1], 50);
                double openCpu = percentile(cpu[2], 50);
                result("gateway_bare_cpu_per_request", percentile(cpu[3], 50), "us");
                result("gateway_open_cpu_per_request", openCpu, "us");
                result("gateway_auth_cpu_per_request", authCpu, "us");
                result("gateway_auth_cpu_ratio", openCpu / authCpu, "ratio");

                fairness(limited, about);
            }
        }
    }

    /**
     * The quiet client's p99 alone; then while another client sends at 4× its limit (the goal: a burst over
     * its limit); then while that client floods the gateway from 8 threads as fast as it answers (what two
     * cores shared by the clients and the gateway allow, not what the limiter decides).
     */
    /** A gateway of its own on the local run's fetcher, as `java -jar gateway.jar` starts one. */
    private static GatewayProcess gateway(Path directory, String fetcher, String secret, String arguments) throws Exception {
        return GatewayProcess.start(SuiteLayout.root().resolve("gateway/target/gateway.jar"), directory, Map.of("iiif", fetcher), secret,
                Arrays.asList(arguments.split(" ")));
    }

    private void fairness(GatewayProcess gateway, String path) throws Exception {
        String admin = gateway.adminKey();
        String base = gateway.base();
        String busy = GatewayKeys.create(base, admin, "busy-client", "read");
        String quiet = GatewayKeys.create(base, admin, "quiet-client", "read");
        URI uri = URI.create(base + path);
        // The quiet client alone and under the burst in alternating windows, each condition's samples pooled:
        // on two cores the machine drifts over a minute by more than the burst costs, and alternating spreads
        // that drift over both alike.
        List<Double> alone = new ArrayList<>();
        List<Double> underBurst = new ArrayList<>();
        Load burst = new Load("burst", 4, Duration.ofMillis(20));
        Busy busyBurst = new Busy();
        for (int w = 0; w < WINDOWS; w++) {
            add(alone, paced(uri, quiet, PACED / WINDOWS));
            add(underBurst, busyBurst.during(burst, uri, busy, () -> paced(uri, quiet, PACED / WINDOWS)));
        }
        double aloneP99 = percentile(alone.stream().mapToDouble(Double::doubleValue).toArray(), 99);
        double burstP99 = percentile(underBurst.stream().mapToDouble(Double::doubleValue).toArray(), 99);
        result("gateway_fair_quiet_p99_alone", aloneP99, "ms");
        busyBurst.report(burst.name());
        result("gateway_fair_quiet_p99_burst", burstP99, "ms");
        result("gateway_fair_p99_ratio_burst", burstP99 / aloneP99, "ratio");
        Load flood = new Load("flood", 8, Duration.ZERO);
        Busy busyFlood = new Busy();
        double floodP99 = percentile(busyFlood.during(flood, uri, busy, () -> paced(uri, quiet, PACED)), 99);
        busyFlood.report(flood.name());
        result("gateway_fair_quiet_p99_flood", floodP99, "ms");
        result("gateway_fair_p99_ratio_flood", floodP99 / aloneP99, "ratio");
    }

    private static void add(List<Double> to, double[] values) {
        for (double v : values) {
            to.add(v);
        }
    }

    /** The busy client: its requests and refusals over every window it sent in. */
    private final class Busy {
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicInteger sent = new AtomicInteger();
        private long nanos;

        double[] during(Load load, URI uri, String key, java.util.concurrent.Callable<double[]> quiet) throws Exception {
            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(load.threads());
            List<Future<?>> senders = new ArrayList<>();
            for (int i = 0; i < load.threads(); i++) {
                senders.add(pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build();
                    while (sending.get()) {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        sent.incrementAndGet();
                        if (status == 429) {
                            refused.incrementAndGet();
                        }
                        Thread.sleep(load.interval().toMillis());
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            try {
                return quiet.call();
            } finally {
                sending.set(false);
                for (Future<?> f : senders) {
                    f.get();
                }
                pool.shutdownNow();
                nanos += System.nanoTime() - start;
            }
        }

        void report(String name) {
            result("gateway_fair_busy_rate_" + name, sent.get() / (nanos / 1e9), "req/s");
            result("gateway_fair_busy_refused_" + name, 100.0 * refused.get() / Math.max(1, sent.get()), "%");
        }
    }

    /** What the busy client sends: from so many threads, each waiting so long between requests. */
    private record Load(String name, int threads, Duration interval) {
    }

    /** A client at half its limit: every request must be answered 200. */
    private double[] paced(URI uri, String key, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build();
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
            ms[i] = (System.nanoTime() - start) / 1e6;
            Thread.sleep(PACE.toMillis());
        }
        return ms;
    }

    private double[] sequential(URI uri, Function<URI, HttpRequest> request, int count) throws Exception {
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            HttpRequest r = request.apply(uri);
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - start) / 1e6;
            check(response);
        }
        return ms;
    }

    /** As {@link #concurrent(URI, Function)}, also keeping the gateway's CPU microseconds per request in {@code cpu[round]}. */
    private double concurrent(URI uri, Function<URI, HttpRequest> request, GatewayProcess gateway, double[] cpu, int round) throws Exception {
        Duration before = gateway.cpuTime();
        double rps = concurrent(uri, request);
        cpu[round] = (gateway.cpuTime().minus(before).toNanos() / 1e3) / CONCURRENT_REQUESTS;
        return rps;
    }

    private double concurrent(URI uri, Function<URI, HttpRequest> request) throws Exception {
        AtomicInteger remaining = new AtomicInteger(CONCURRENT_REQUESTS);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_CLIENTS);
        try {
            long start = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CONCURRENT_CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        check(http.send(request.apply(uri), HttpResponse.BodyHandlers.ofByteArray()));
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            return CONCURRENT_REQUESTS / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void check(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.3f %s", name, value, unit));
    }
}
