package org.iiifml.fetcher.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.iiifml.fetcher.FetcherApplication;
import org.iiifml.fetcher.images.ImageFetchService;
import org.iiifml.support.outbound.StubServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;

/**
 * ./bench.sh fetcher: the fetcher against a local Image API server on loopback, in the same run as its
 * baseline. Throughput: images per second through the fetcher's API, and through its fetching code
 * called in-process, versus a plain parallel download of the same Image API URLs, all with as many
 * requests in flight as the fetcher's per-host politeness allows (4). Bytes:
 * what a 640 px model's page requests transfer versus downloading every page at full size.
 * Throughput is measured twice: against a server that answers stored bytes (its cost near zero, so the
 * fetcher's own cost shows fully) and against one that renders each request, as IIIF image servers do.
 * Prints RESULT lines; asserts no time.
 */
class FetcherThroughputBench {

    private static final int PAGES = 24;
    private static final int FULL_WIDTH = 2400;
    private static final int FULL_HEIGHT = 3600;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    private static final int CLIENTS = 4;

    @Test
    void throughputAndBytes() throws Exception {
        Map<String, byte[]> images = new ConcurrentHashMap<>();
        AtomicLong served = new AtomicLong();
        BufferedImage[] pages = new BufferedImage[PAGES];
        try (StubServer iiif = new StubServer(); StubServer rendering = new StubServer()) {
            iiif.stopRecording();
            rendering.stopRecording();
            long fullBytes = 0;
            for (int i = 0; i < PAGES; i++) {
                BufferedImage page = page(i);
                pages[i] = page;
                byte[] full = jpeg(page);
                fullBytes += full.length;
                images.put("/img/" + i + "/full/full/0/default.jpg", full);
                images.put("/img/" + i + "/full/427,/0/default.jpg", jpeg(scaled(page, 427, 640)));
            }
            iiif.answer((req, res) -> {
                String path = req.uri();
                if (path.endsWith("/info.json")) {
                    String id = iiif.url(path.substring(0, path.length() - "/info.json".length()));
                    return StubServer.json(res, "{\"@context\": \"http://iiif.io/api/image/2/context.json\", \"@id\": \"" + id
                            + "\", \"protocol\": \"http://iiif.io/api/image\", \"width\": " + FULL_WIDTH + ", \"height\": " + FULL_HEIGHT
                            + ", \"profile\": [\"http://iiif.io/api/image/2/level2.json\"]}");
                }
                byte[] image = images.get(path);
                if (image == null) {
                    return res.status(404).send();
                }
                served.addAndGet(image.length);
                return res.header("Content-Type", "image/jpeg").sendByteArray(Mono.just(image)).then();
            });

            // A server that renders each request as IIIF image servers do (scale the page held decoded in
            // memory, as a server with a tile cache would, and encode the JPEG) on a pool of its own.
            ExecutorService renderers = Executors.newFixedThreadPool(CLIENTS);
            rendering.answer((req, res) -> {
                String path = req.uri();
                if (path.endsWith("/info.json")) {
                    String id = rendering.url(path.substring(0, path.length() - "/info.json".length()));
                    return StubServer.json(res, "{\"@context\": \"http://iiif.io/api/image/2/context.json\", \"@id\": \"" + id
                            + "\", \"protocol\": \"http://iiif.io/api/image\", \"width\": " + FULL_WIDTH + ", \"height\": " + FULL_HEIGHT
                            + ", \"profile\": [\"http://iiif.io/api/image/2/level2.json\"]}");
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("/r/(\\d+)/full/427,/0/default.jpg").matcher(path);
                if (!m.matches()) {
                    return res.status(404).send();
                }
                BufferedImage page = pages[Integer.parseInt(m.group(1))];
                return Mono.fromCallable(() -> jpeg(scaled(page, 427, 640)))
                        .subscribeOn(reactor.core.scheduler.Schedulers.fromExecutor(renderers))
                        .flatMap(bytes -> res.header("Content-Type", "image/jpeg").sendByteArray(Mono.just(bytes)).then());
            });

            ConfigurableApplicationContext fetcher = new SpringApplication(FetcherApplication.class).run(
                    "--server.port=0", "--suite.outbound.allow-loopback=true", "--spring.main.banner-mode=off",
                    "--logging.level.root=WARN");
            try {
                int port = Integer.parseInt(fetcher.getEnvironment().getProperty("local.server.port"));
                // HTTP/1.1 as the model services and most pipelines speak it (no h2c upgrade attempts).
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                List<URI> viaFetcher = new ArrayList<>();
                List<URI> direct = new ArrayList<>();
                for (int i = 0; i < PAGES; i++) {
                    viaFetcher.add(URI.create("http://127.0.0.1:" + port + "/api/iiif/image?service=" + iiif.url("/img/" + i)
                            + "&width=640&height=640"));
                    direct.add(URI.create(iiif.url("/img/" + i + "/full/427,/0/default.jpg")));
                }
                // Warm up both paths (JIT, connection pools, the fetcher's info.json cache).
                run(http, viaFetcher, 3);
                run(http, direct, 3);

                served.set(0);
                double fetcherRate = run(http, viaFetcher, ROUNDS);
                long modelBytes = served.get() / ROUNDS;
                double directRate = run(http, direct, ROUNDS);

                // The same with a Reactor Netty client, to tell the fetcher's cost from the HTTP client's.
                double nettyFetcher = runNetty(viaFetcher, ROUNDS);
                double nettyDirect = runNetty(direct, ROUNDS);
                // The fetcher's own fetching (info.json from its cache, the request built for the model's box,
                // the safe client with its checks, caps and per-host limit, the header check), called in-process:
                // the cost of fetching safely, without the extra HTTP hop a caller adds.
                ImageFetchService fetching = fetcher.getBean(ImageFetchService.class);
                double core = runCore(fetching, iiif, ROUNDS);
                result("fetcher_core_images_per_second", core, "images/s");
                result("fetcher_core_throughput_ratio", core / nettyDirect, "ratio");
                result("fetcher_images_per_second_netty_client", nettyFetcher, "images/s");
                result("direct_images_per_second_netty_client", nettyDirect, "images/s");
                result("fetcher_images_per_second", fetcherRate, "images/s");
                result("direct_images_per_second", directRate, "images/s");
                result("fetcher_throughput_ratio", fetcherRate / directRate, "ratio");
                // Against the rendering server: what a pipeline sees with a real IIIF image server behind.
                List<URI> viaFetcherRendering = new ArrayList<>();
                List<URI> directRendering = new ArrayList<>();
                for (int i = 0; i < PAGES; i++) {
                    viaFetcherRendering.add(URI.create("http://127.0.0.1:" + port + "/api/iiif/image?service=" + rendering.url("/r/" + i)
                            + "&width=640&height=640"));
                    directRendering.add(URI.create(rendering.url("/r/" + i + "/full/427,/0/default.jpg")));
                }
                run(http, viaFetcherRendering, 2);
                run(http, directRendering, 2);
                int renderRounds = Math.max(2, ROUNDS / 3);
                double renderingFetcher = run(http, viaFetcherRendering, renderRounds);
                double renderingDirect = run(http, directRendering, renderRounds);
                renderers.shutdownNow();
                result("rendering_server_fetcher_images_per_second", renderingFetcher, "images/s");
                result("rendering_server_direct_images_per_second", renderingDirect, "images/s");
                result("rendering_server_fetcher_throughput_ratio", renderingFetcher / renderingDirect, "ratio");
                result("model_size_bytes_per_page", (double) modelBytes / PAGES, "bytes");
                result("full_size_bytes_per_page", (double) fullBytes / PAGES, "bytes");
                result("fetched_bytes_ratio", (double) modelBytes / fullBytes, "ratio");
            } finally {
                fetcher.close();
            }
        }
    }

    /** Fetches every URL ROUNDS times with CLIENTS parallel clients; images per second. */
    private static double run(HttpClient http, List<URI> urls, int rounds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        int total = urls.size() * rounds;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            long start = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(urls.get(n % urls.size())).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The fetcher's image fetching called directly, CLIENTS images in flight. */
    private static double runCore(ImageFetchService images, StubServer iiif, int rounds) {
        long start = System.nanoTime();
        int total = PAGES * rounds;
        reactor.core.publisher.Flux.range(0, total)
                .flatMap(n -> images.image(iiif.url("/img/" + (n % PAGES)), null, 640, 640, false, "jpg"), CLIENTS)
                .blockLast();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /** As {@link #run}, with a Reactor Netty client and CLIENTS requests in flight. */
    private static double runNetty(List<URI> urls, int rounds) {
        reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create();
        long start = System.nanoTime();
        int total = urls.size() * rounds;
        reactor.core.publisher.Flux.range(0, total)
                .flatMap(n -> client.get().uri(urls.get(n % urls.size())).responseContent().aggregate().asByteArray(), CLIENTS)
                .blockLast();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static BufferedImage page(int seed) {
        BufferedImage image = new BufferedImage(FULL_WIDTH, FULL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(235, 226, 208));
        g.fillRect(0, 0, FULL_WIDTH, FULL_HEIGHT);
        Random random = new Random(seed);
        g.setColor(new Color(40, 35, 30));
        for (int y = 200; y < FULL_HEIGHT - 200; y += 60) {
            for (int x = 200; x < FULL_WIDTH - 200; x += 40 + random.nextInt(160)) {
                g.fillRect(x, y, 20 + random.nextInt(120), 28);
            }
        }
        // Paper grain and scanner noise on every pixel, so the JPEGs weigh what real page scans do.
        for (int y = 0; y < FULL_HEIGHT; y++) {
            for (int x = 0; x < FULL_WIDTH; x++) {
                int n = random.nextInt(24) - 12;
                int rgb = image.getRGB(x, y);
                int r = Math.max(0, Math.min(255, ((rgb >> 16) & 0xff) + n));
                int gg = Math.max(0, Math.min(255, ((rgb >> 8) & 0xff) + n));
                int b = Math.max(0, Math.min(255, (rgb & 0xff) + n));
                image.setRGB(x, y, (r << 16) | (gg << 8) | b);
            }
        }
        g.dispose();
        return image;
    }

    private static BufferedImage scaled(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.3f %s", name, value, unit));
    }
}
