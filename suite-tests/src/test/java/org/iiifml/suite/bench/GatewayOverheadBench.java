package org.iiifml.suite.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.iiifml.suite.SuiteLayout;
import org.iiifml.suite.localrun.LocalSuite;
import org.junit.jupiter.api.Test;

/**
 * ./bench.sh gateway: what the gateway hop costs. The same request (the fetcher's about) goes to the
 * fetcher directly and through the gateway, in the same run on the same machine: sequential latency
 * percentiles, and throughput with 16 concurrent clients. Prints RESULT lines; asserts no time.
 */
class GatewayOverheadBench {

    private static final int WARMUP = 1_000;
    private static final int SEQUENTIAL = 3_000;
    private static final int CONCURRENT_CLIENTS = 16;
    private static final int CONCURRENT_REQUESTS = 8_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void gatewayOverhead() throws Exception {
        try (LocalSuite suite = LocalSuite.start(SuiteLayout.root().resolve("suite-tests/target/bench-gateway"))) {
            URI direct = URI.create("http://127.0.0.1:" + suite.port("iiif-fetcher") + "/api/iiif/about");
            URI viaGateway = URI.create("http://127.0.0.1:" + suite.port("gateway") + "/api/iiif/about");
            sequential(direct, WARMUP);
            sequential(viaGateway, WARMUP);

            double[] directMs = sequential(direct, SEQUENTIAL);
            double[] gatewayMs = sequential(viaGateway, SEQUENTIAL);
            double directRps = concurrent(direct);
            double gatewayRps = concurrent(viaGateway);

            result("gateway_direct_latency_p50", percentile(directMs, 50), "ms");
            result("gateway_direct_latency_p99", percentile(directMs, 99), "ms");
            result("gateway_routed_latency_p50", percentile(gatewayMs, 50), "ms");
            result("gateway_routed_latency_p99", percentile(gatewayMs, 99), "ms");
            result("gateway_added_latency_p50", percentile(gatewayMs, 50) - percentile(directMs, 50), "ms");
            result("gateway_latency_ratio_p50", percentile(gatewayMs, 50) / percentile(directMs, 50), "ratio");
            result("gateway_direct_throughput", directRps, "req/s");
            result("gateway_routed_throughput", gatewayRps, "req/s");
            result("gateway_throughput_ratio", gatewayRps / directRps, "ratio");
        }
    }

    private double[] sequential(URI uri, int count) throws Exception {
        double[] ms = new double[count];
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - start) / 1e6;
            check(response);
        }
        return ms;
    }

    private double concurrent(URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        AtomicInteger remaining = new AtomicInteger(CONCURRENT_REQUESTS);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_CLIENTS);
        try {
            long start = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CONCURRENT_CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
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
