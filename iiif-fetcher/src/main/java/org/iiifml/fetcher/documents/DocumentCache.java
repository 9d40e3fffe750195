package org.iiifml.fetcher.documents;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iiifml.support.outbound.Fetched;
import org.iiifml.support.outbound.SafeHttpClient;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * Documents fetched from outside servers, cached in memory up to a size bound. A copy younger than the
 * freshness window is served as is; an older one is revalidated with its ETag or Last-Modified, and a 304
 * answer keeps it (so a busy harvest asks the server little and downloads nothing twice). A document read
 * into the Presentation model keeps that form beside its bytes, weighed with them.
 */
public final class DocumentCache {

    /** A document's bytes, and once it has been read, what it was read into and that form's estimated heap. */
    record Entry(byte[] body, String etag, String lastModified, String contentType, Instant storedAt, Object parsed, long parsedBytes) {
        Entry(byte[] body, String etag, String lastModified, String contentType, Instant storedAt) {
            this(body, etag, lastModified, contentType, storedAt, null, 0);
        }
    }

    /** What a document was read into, and the heap that form takes (an estimate, for the cache's weight). */
    public record Parsed<T>(T value, long bytes) {
    }

    private final SafeHttpClient http;
    private final Cache<String, Entry> cache;
    private final Duration freshFor;
    private final Clock clock;

    public DocumentCache(SafeHttpClient http, long maxBytes, Duration freshFor, Clock clock) {
        this.http = http;
        this.freshFor = freshFor;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry e) -> (int) Math.min(Integer.MAX_VALUE, e.body().length + e.parsedBytes() + key.length() * 2L + 200))
                .build();
    }

    /** The document's bytes, from the cache when it may be, else downloaded (at most maxBytes). */
    public Mono<byte[]> get(String url, long maxBytes) {
        Entry cached = cache.getIfPresent(url);
        Instant now = clock.instant();
        if (cached != null && cached.storedAt().plus(freshFor).isAfter(now)) {
            return Mono.just(cached.body());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.ACCEPT, "application/ld+json, application/json;q=0.9, */*;q=0.1");
        if (cached != null && cached.etag() != null) {
            headers.put(HttpHeaders.IF_NONE_MATCH, cached.etag());
        }
        if (cached != null && cached.lastModified() != null) {
            headers.put(HttpHeaders.IF_MODIFIED_SINCE, cached.lastModified());
        }
        return http.get(url, maxBytes, headers).map(fetched -> store(url, cached, fetched));
    }

    /**
     * A document read into {@code type}: the form kept with its bytes while the copy is good (and weighed
     * with them, within the cache's byte budget), so that asking again costs no parse; else read from the
     * bytes by {@code read}, off the event loop, and kept.
     */
    public <T> Mono<T> getParsed(String url, long maxBytes, Class<T> type, java.util.function.Function<byte[], Parsed<T>> read) {
        Entry cached = cache.getIfPresent(url);
        if (cached != null && type.isInstance(cached.parsed()) && cached.storedAt().plus(freshFor).isAfter(clock.instant())) {
            return Mono.just(type.cast(cached.parsed()));
        }
        return get(url, maxBytes).publishOn(reactor.core.scheduler.Schedulers.boundedElastic()).map(bytes -> {
            Entry now = cache.getIfPresent(url);
            if (now != null && now.body() == bytes && type.isInstance(now.parsed())) {
                return type.cast(now.parsed()); // revalidated unchanged (304): the form read before still holds
            }
            Parsed<T> parsed = read.apply(bytes);
            // Kept only with the very bytes it was read from; a copy refreshed meanwhile stays as it is.
            cache.asMap().computeIfPresent(url, (key, e) -> e.body() == bytes
                    ? new Entry(e.body(), e.etag(), e.lastModified(), e.contentType(), e.storedAt(), parsed.value(), parsed.bytes()) : e);
            return parsed.value();
        });
    }

    /** Evictions owed are done now (for tests: Caffeine otherwise does them on its own schedule). */
    void cleanUp() {
        cache.cleanUp();
    }

    private byte[] store(String url, Entry cached, Fetched fetched) {
        Instant now = clock.instant();
        if (fetched.notModified() && cached != null) {
            cache.put(url, new Entry(cached.body(), cached.etag(), cached.lastModified(), cached.contentType(), now,
                    cached.parsed(), cached.parsedBytes()));
            return cached.body();
        }
        HttpHeaders h = fetched.headers();
        cache.put(url, new Entry(fetched.body(), h.getETag(), h.getFirst(HttpHeaders.LAST_MODIFIED), fetched.contentType(), now));
        return fetched.body();
    }
}
