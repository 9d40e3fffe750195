package org.iiifml.support.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.iiifml.support.problem.ProblemType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every safety and politeness rule of the outbound client, against a real server on loopback. */
class SafeHttpClientTest {

    private static final long CAP = 64 * 1024;
    private final StubServer upstream = new StubServer();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Delays recorded = d -> {
        waits.add(d);
        return Mono.empty();
    };

    /** Names the tests use, resolved without DNS; everything else fails to resolve. */
    private final HostResolver names = host -> switch (host) {
        case "metadata.test" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
        case "intranet.test" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
        case "mixed.test" -> new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("192.168.0.1")};
        case "fixture.test", "127.0.0.1" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        default -> throw new UnknownHostException(host);
    };

    @AfterEach
    void stop() {
        upstream.close();
    }

    /** The client as the local run has it: loopback open for the fixture, everything else as in production. */
    private SafeHttpClient client() {
        return new SafeHttpClient(OutboundProperties.defaults().withAllowLoopback(true), names, recorded);
    }

    private static FetchException failure(Mono<?> call) {
        try {
            call.block(Duration.ofSeconds(30));
        } catch (FetchException e) {
            return e;
        }
        throw new AssertionError("expected the fetch to fail");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/", "http://localhost/", "http://127.0.0.2:8080/x", "http://[::1]/",
            "http://10.0.0.1/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/", "http://224.0.0.1/",
            "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:169.254.169.254]/", "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:a9fe:a9fe::1]/", "http://[::]/",
            "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/", "http://127.1/",
            "http://017700000001/", "http://0251.0376.0251.0376/", "http://2852039166/",
            "ftp://example.org/manifest.json", "file:///etc/passwd", "gopher://example.org/", "jar:http://x/y!/z",
            "http://user:secret@example.org/manifest.json", "http:///no-host", "not a url at all",
            "http://metadata.test/latest/meta-data/", "http://intranet.test/manifest.json", "http://mixed.test/"})
    void refusedDestinationsAreNeverContacted(String url) {
        // Production settings: nothing local is open.
        SafeHttpClient strict = new SafeHttpClient(OutboundProperties.defaults(), names, recorded);
        FetchException e = failure(strict.get(url, CAP, Map.of()));
        assertThat(e.type()).as(url).isEqualTo(ProblemType.URL_REFUSED);
        assertThat(upstream.seen()).isEmpty();
        assertThat(waits).as("a refusal is final, never retried").isEmpty();
    }

    @Test
    void openingLoopbackKeepsMetadataAndLinkLocalClosed() {
        SafeHttpClient local = client();
        assertThat(failure(local.get("http://169.254.169.254/", CAP, Map.of())).type()).isEqualTo(ProblemType.URL_REFUSED);
        assertThat(failure(local.get("http://[fe80::1]/", CAP, Map.of())).type()).isEqualTo(ProblemType.URL_REFUSED);
        assertThat(failure(local.get("http://metadata.test/", CAP, Map.of())).type()).isEqualTo(ProblemType.URL_REFUSED);
        assertThat(failure(local.get("http://10.0.0.1/", CAP, Map.of())).type()).isEqualTo(ProblemType.URL_REFUSED);
    }

    @Test
    void allowListOpensANamedInternalHostButNotMetadata() throws Exception {
        // Judged on the policy alone: a test must never open a connection to a private address.
        DestinationPolicy policy = DestinationPolicy.of(OutboundProperties.defaults().withAllowedHosts(List.of("Intranet.test", "metadata.test")));
        policy.check("intranet.test", InetAddress.getByName("10.1.2.3"));
        assertThatThrownBy(() -> policy.check("other.test", InetAddress.getByName("10.1.2.3"))).isInstanceOf(RefusedException.class);
        assertThatThrownBy(() -> policy.check("metadata.test", InetAddress.getByName("169.254.169.254")))
                .isInstanceOf(RefusedException.class).hasMessageContaining("link-local");
        policy.check("example.org", InetAddress.getByName("93.184.216.34"));
    }

    @Test
    void redirectToTheMetadataAddressIsRefusedBeforeConnecting() {
        upstream.answer((req, res) -> res.status(302).header("Location", "http://169.254.169.254/latest/meta-data/").send());
        assertThat(failure(client().get(upstream.url("/manifest"), CAP, Map.of())).type()).isEqualTo(ProblemType.URL_REFUSED);
        assertThat(upstream.seen()).hasSize(1);
        upstream.answer((req, res) -> res.status(301).header("Location", "http://metadata.test/").send());
        assertThat(failure(client().get(upstream.url("/manifest"), CAP, Map.of())).type()).isEqualTo(ProblemType.URL_REFUSED);
        upstream.answer((req, res) -> res.status(307).header("Location", "file:///etc/passwd").send());
        assertThat(failure(client().get(upstream.url("/manifest"), CAP, Map.of())).type()).isEqualTo(ProblemType.URL_REFUSED);
    }

    @Test
    void fiveRedirectsAreFollowedAndASixthIsRefused() {
        upstream.answer((req, res) -> {
            int n = Integer.parseInt(req.uri().replaceAll("^/r/(\\d+).*$", "$1"));
            int limit = req.uri().contains("to=6") ? 6 : 5;
            if (n < limit) {
                return res.status(302).header("Location", "/r/" + (n + 1) + "?to=" + limit).send();
            }
            return StubServer.json(res, "{\"done\":" + n + "}");
        });
        Fetched five = client().get(upstream.url("/r/0?to=5"), CAP, Map.of()).block();
        assertThat(new String(five.body(), StandardCharsets.UTF_8)).isEqualTo("{\"done\":5}");
        assertThat(five.uri().toString()).endsWith("/r/5?to=5");
        FetchException six = failure(client().get(upstream.url("/r/0?to=6"), CAP, Map.of()));
        assertThat(six.type()).isEqualTo(ProblemType.TOO_MANY_REDIRECTS);
    }

    @Test
    void chunkedBodyOverTheCapIsCutOff() {
        byte[] chunk = new byte[8192];
        upstream.answer((req, res) -> res.header("Content-Type", "application/json")
                .sendByteArray(Flux.range(0, 64).map(i -> chunk))); // 512 KiB, chunked, no Content-Length
        FetchException e = failure(client().get(upstream.url("/big"), CAP, Map.of()));
        assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_TOO_LARGE);
    }

    @Test
    void declaredLengthOverTheCapIsRefusedWithoutReading() {
        upstream.answer((req, res) -> res.header("Content-Length", Long.toString(CAP * 10)).header("Content-Type", "application/json")
                .sendByteArray(Mono.just(new byte[(int) CAP * 10])));
        assertThat(failure(client().get(upstream.url("/big"), CAP, Map.of())).type()).isEqualTo(ProblemType.UPSTREAM_TOO_LARGE);
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() {
        AtomicInteger calls = new AtomicInteger();
        upstream.answer((req, res) -> calls.incrementAndGet() <= 2 ? res.status(503).send() : StubServer.json(res, "{}"));
        Fetched fetched = client().get(upstream.url("/flaky"), CAP, Map.of()).block();
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(upstream.seen()).hasSize(3);
        assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void persistentServerErrorsFailAfterTheLastAttempt() {
        upstream.answer((req, res) -> res.status(500).send());
        assertThat(failure(client().get(upstream.url("/down"), CAP, Map.of())).type()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE);
        assertThat(upstream.seen()).hasSize(3);
    }

    @Test
    void clientErrorsAreNeverRetried() {
        upstream.answer((req, res) -> res.status(404).send());
        assertThat(failure(client().get(upstream.url("/missing"), CAP, Map.of())).type()).isEqualTo(ProblemType.UPSTREAM_NOT_FOUND);
        assertThat(upstream.seen()).hasSize(1);
        upstream.answer((req, res) -> res.status(403).send());
        assertThat(failure(client().get(upstream.url("/forbidden"), CAP, Map.of())).type()).isEqualTo(ProblemType.UPSTREAM_REFUSED);
        assertThat(upstream.seen()).hasSize(2);
        assertThat(waits).isEmpty();
    }

    @Test
    void retryAfterInSecondsIsWaitedOut() {
        AtomicInteger calls = new AtomicInteger();
        upstream.answer((req, res) -> calls.incrementAndGet() == 1 ? res.status(429).header("Retry-After", "7").send() : StubServer.json(res, "{}"));
        assertThat(client().get(upstream.url("/busy"), CAP, Map.of()).block().status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAsADateIsWaitedOut() {
        AtomicInteger calls = new AtomicInteger();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(7));
        upstream.answer((req, res) -> calls.incrementAndGet() == 1 ? res.status(429).header("Retry-After", date).send() : StubServer.json(res, "{}"));
        assertThat(client().get(upstream.url("/busy"), CAP, Map.of()).block().status()).isEqualTo(200);
        assertThat(waits).singleElement().satisfies(w -> assertThat(w).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(7)));
    }

    @Test
    void retryAfterLongerThanTheLimitFailsAtOnceSayingHowLong() {
        upstream.answer((req, res) -> res.status(429).header("Retry-After", "3600").send());
        FetchException e = failure(client().get(upstream.url("/busy"), CAP, Map.of()));
        assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_BUSY);
        assertThat(e.properties()).containsEntry("retryAfterSeconds", 3600L);
        assertThat(upstream.seen()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void noMoreThanFourRequestsToOneHostAtOnce() {
        // Counted from arrival until just before the answer is written: the client cannot start its next
        // request before that, so the count is exact (a count ending after the write would race the client).
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        upstream.answer((req, res) -> {
            max.accumulateAndGet(current.incrementAndGet(), Math::max);
            return res.header("Content-Type", "application/json")
                    .sendString(Mono.delay(Duration.ofMillis(40)).map(t -> {
                        current.decrementAndGet();
                        return "{}";
                    }));
        });
        SafeHttpClient client = client();
        List<Fetched> all = Flux.fromStream(IntStream.range(0, 50).boxed())
                .flatMap(i -> client.get(upstream.url("/page/" + i), CAP, Map.of()), 50)
                .collectList().block(Duration.ofSeconds(60));
        assertThat(all).hasSize(50);
        assertThat(max.get()).isEqualTo(4);
    }

    /** Politeness is per server: a slow port of a host does not hold up another port of it. */
    @Test
    void aSlowServerDoesNotHoldUpAnotherPortOfTheSameHost() throws Exception {
        try (StubServer slow = new StubServer(); StubServer quick = new StubServer()) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            slow.answer((req, res) -> res.header("Content-Type", "application/json")
                    .sendString(Mono.fromCallable(() -> release.await(20, java.util.concurrent.TimeUnit.SECONDS))
                            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).map(done -> "{}")));
            quick.answer((req, res) -> StubServer.json(res, "{}"));
            OutboundProperties d = OutboundProperties.defaults().withAllowLoopback(true);
            OutboundProperties oneAtATime = new OutboundProperties(true, List.of(), d.connectTimeout(), d.responseTimeout(),
                    d.downloadTimeout(), d.maxRedirects(), d.maxAttempts(), d.backoffBase(), d.backoffMax(), d.maxRetryAfter(),
                    1, 0.0, d.userAgent());
            SafeHttpClient client = new SafeHttpClient(oneAtATime, names, recorded);
            var held = client.get(slow.url("/slow"), CAP, Map.of()).toFuture();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (slow.seen().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(slow.seen()).as("the slow request is in flight").hasSize(1);
            // One request per server at once, and the slow one holds its server's only turn: another port of
            // the same host (127.0.0.1) answers now, not when the slow one ends.
            assertThat(client.get(quick.url("/quick"), CAP, Map.of()).block(Duration.ofSeconds(5)).status()).isEqualTo(200);
            assertThat(held).isNotDone();
            release.countDown();
            assertThat(held.get(20, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void theOriginFillsInTheSchemesPort() {
        assertThat(HostLimiter.origin(java.net.URI.create("https://Example.org/iiif"))).isEqualTo("https://example.org:443");
        assertThat(HostLimiter.origin(java.net.URI.create("http://example.org:8080/iiif"))).isEqualTo("http://example.org:8080");
        assertThat(HostLimiter.origin(java.net.URI.create("http://example.org/iiif")))
                .isNotEqualTo(HostLimiter.origin(java.net.URI.create("http://example.org:8080/iiif")));
    }

    @Test
    void aNameThatRebindsToAPrivateAddressIsRefusedAtConnectTime() {
        // The first answer is this machine (open in this test), the next the metadata address: each
        // connection is checked on the address it actually goes to.
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> {
            if (!host.equals("rebind.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "169.254.169.254")};
        };
        SafeHttpClient client = new SafeHttpClient(OutboundProperties.defaults().withAllowLoopback(true), rebinding, recorded);
        upstream.answer((req, res) -> res.header("Connection", "close").header("Content-Type", "application/json")
                .sendString(Mono.just("{}")));
        String url = "http://rebind.test:" + upstream.port() + "/manifest.json";
        assertThat(client.get(url, CAP, Map.of()).block().status()).isEqualTo(200);
        assertThat(failure(client.get(url, CAP, Map.of())).type()).isEqualTo(ProblemType.URL_REFUSED);
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(upstream.seen()).hasSize(1);
    }

    @Test
    void perHostRateSpacesTheStartsOfRequests() {
        List<Long> starts = new CopyOnWriteArrayList<>();
        upstream.answer((req, res) -> {
            starts.add(System.nanoTime());
            return StubServer.json(res, "{}");
        });
        OutboundProperties d = OutboundProperties.defaults().withAllowLoopback(true);
        OutboundProperties tenPerSecond = new OutboundProperties(true, List.of(), d.connectTimeout(), d.responseTimeout(),
                d.downloadTimeout(), d.maxRedirects(), d.maxAttempts(), d.backoffBase(), d.backoffMax(), d.maxRetryAfter(),
                4, 10.0, d.userAgent());
        SafeHttpClient paced = new SafeHttpClient(tenPerSecond, names, recorded);
        Flux.range(0, 6).flatMap(i -> paced.get(upstream.url("/p/" + i), CAP, Map.of()), 6).blockLast(Duration.ofSeconds(30));
        List<Long> sorted = starts.stream().sorted().toList();
        assertThat(sorted).hasSize(6);
        // Six starts at 10 per second span at least five intervals of 100 ms (a lower bound: never flaky).
        assertThat(Duration.ofNanos(sorted.get(5) - sorted.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void sendsTheConfiguredUserAgentAndKeepsEncodedPathsByteForByte() {
        upstream.answer((req, res) -> StubServer.json(res, "{}"));
        client().get(upstream.url("/iiif/bb853kn3021%252Fbb853kn3021_00_0001/info.json?x=%2F"), CAP, Map.of()).block();
        StubServer.Seen seen = upstream.seen().get(0);
        assertThat(seen.uri()).isEqualTo("/iiif/bb853kn3021%252Fbb853kn3021_00_0001/info.json?x=%2F");
        assertThat(seen.headers().get("User-Agent")).isEqualTo(OutboundProperties.defaults().userAgent());
    }

    @Test
    void aSilentServerTimesOut() {
        upstream.answer((req, res) -> res.sendString(Mono.never()));
        SafeHttpClient impatient = new SafeHttpClient(OutboundProperties.defaults().withAllowLoopback(true)
                .withResponseTimeout(Duration.ofMillis(300)), names, recorded);
        // Reactor Netty warns of each of the three timeouts; here they are the point, and asserted.
        Logger netty = (Logger) LoggerFactory.getLogger("reactor.netty.http.client.HttpClientConnect");
        Level level = netty.getLevel();
        netty.setLevel(Level.ERROR);
        try {
            assertThat(failure(impatient.get(upstream.url("/slow"), CAP, Map.of())).type()).isEqualTo(ProblemType.UPSTREAM_TIMEOUT);
        } finally {
            netty.setLevel(level);
        }
        assertThat(upstream.seen()).hasSize(3);
    }

    @Test
    void aClosedPortIsUnavailable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(failure(client().get("http://127.0.0.1:" + closed + "/", CAP, Map.of())).type())
                .isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE);
    }
}
