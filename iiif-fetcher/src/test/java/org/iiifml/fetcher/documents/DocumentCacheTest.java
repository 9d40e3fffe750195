package org.iiifml.fetcher.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.iiifml.support.outbound.Delays;
import org.iiifml.support.outbound.HostResolver;
import org.iiifml.support.outbound.OutboundProperties;
import org.iiifml.support.outbound.SafeHttpClient;
import org.iiifml.support.outbound.StubServer;
import org.iiifml.support.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cached documents are served fresh, then revalidated; a 304 keeps the copy. */
class DocumentCacheTest {

    private final StubServer upstream = new StubServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));
    private final SafeHttpClient http = new SafeHttpClient(OutboundProperties.defaults().withAllowLoopback(true),
            HostResolver.SYSTEM, Delays.TIMER);
    private final DocumentCache cache = new DocumentCache(http, 1024 * 1024, Duration.ofSeconds(60), clock);

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void freshCopyIsServedAndAStaleOneIsRevalidatedWithItsEtag() {
        AtomicInteger notModified = new AtomicInteger();
        upstream.answer((req, res) -> {
            if ("\"v1\"".equals(req.requestHeaders().get("If-None-Match"))) {
                notModified.incrementAndGet();
                return res.status(304).header("ETag", "\"v1\"").send();
            }
            return res.header("ETag", "\"v1\"").header("Content-Type", "application/json")
                    .sendString(reactor.core.publisher.Mono.just("{\"v\":1}"));
        });
        String url = upstream.url("/manifest.json");
        assertThat(new String(cache.get(url, 1000).block())).isEqualTo("{\"v\":1}");
        assertThat(new String(cache.get(url, 1000).block())).isEqualTo("{\"v\":1}");
        assertThat(upstream.seen()).as("the fresh copy needs no request").hasSize(1);

        clock.advance(Duration.ofSeconds(61));
        assertThat(new String(cache.get(url, 1000).block())).isEqualTo("{\"v\":1}");
        assertThat(upstream.seen()).hasSize(2);
        assertThat(upstream.seen().get(1).headers().get("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(notModified.get()).isEqualTo(1);

        assertThat(new String(cache.get(url, 1000).block())).as("the 304 made the copy fresh again").isEqualTo("{\"v\":1}");
        assertThat(upstream.seen()).hasSize(2);
    }

    @Test
    void lastModifiedIsSentBackAsIfModifiedSince() {
        upstream.answer((req, res) -> res.header("Last-Modified", "Tue, 24 Nov 2026 08:00:00 GMT")
                .header("Content-Type", "application/json").sendString(reactor.core.publisher.Mono.just("{}")));
        String url = upstream.url("/collection.json");
        cache.get(url, 1000).block();
        clock.advance(Duration.ofMinutes(5));
        cache.get(url, 1000).block();
        assertThat(upstream.seen().get(1).headers().get("If-Modified-Since")).isEqualTo("Tue, 24 Nov 2026 08:00:00 GMT");
    }

    /** The parsed form is kept with its bytes: asked again, it is the same object and nothing is read again. */
    @Test
    void theParsedFormIsKeptWithItsBytesUntilTheCopyChanges() {
        AtomicInteger version = new AtomicInteger(1);
        upstream.answer((req, res) -> res.header("Content-Type", "application/json")
                .sendString(reactor.core.publisher.Mono.just("{\"v\":" + version.get() + "}")));
        String url = upstream.url("/m.json");
        AtomicInteger reads = new AtomicInteger();
        java.util.function.Function<byte[], DocumentCache.Parsed<String>> read = bytes -> {
            reads.incrementAndGet();
            return new DocumentCache.Parsed<>(new String(bytes), 1000);
        };
        String first = cache.getParsed(url, 1000, String.class, read).block();
        assertThat(cache.getParsed(url, 1000, String.class, read).block()).isSameAs(first);
        assertThat(reads).hasValue(1);
        assertThat(upstream.seen()).hasSize(1);

        version.set(2);
        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.getParsed(url, 1000, String.class, read).block()).isEqualTo("{\"v\":2}");
        assertThat(reads).as("a changed document is read again").hasValue(2);
    }

    /** The parsed form's weight counts against the cache's bytes: one too heavy to keep is not kept. */
    @Test
    void aParsedFormPastTheCacheBudgetIsNotKept() {
        upstream.answer((req, res) -> res.header("Content-Type", "application/json").sendString(reactor.core.publisher.Mono.just("{}")));
        String url = upstream.url("/big.json");
        AtomicInteger reads = new AtomicInteger();
        java.util.function.Function<byte[], DocumentCache.Parsed<String>> read = bytes -> {
            reads.incrementAndGet();
            return new DocumentCache.Parsed<>("big", 2 * 1024 * 1024);
        };
        cache.getParsed(url, 1000, String.class, read).block();
        cache.cleanUp();
        cache.getParsed(url, 1000, String.class, read).block();
        assertThat(reads).hasValue(2);
    }
}
