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
 * answer keeps it (so a busy harvest asks the server little and downloads nothing twice).
 */
public final class DocumentCache {

    record Entry(byte[] body, String etag, String lastModified, String contentType, Instant storedAt) {
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
                .weigher((String key, Entry e) -> e.body().length + key.length() * 2 + 200)
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

    private byte[] store(String url, Entry cached, Fetched fetched) {
        Instant now = clock.instant();
        if (fetched.notModified() && cached != null) {
            cache.put(url, new Entry(cached.body(), cached.etag(), cached.lastModified(), cached.contentType(), now));
            return cached.body();
        }
        HttpHeaders h = fetched.headers();
        cache.put(url, new Entry(fetched.body(), h.getETag(), h.getFirst(HttpHeaders.LAST_MODIFIED), fetched.contentType(), now));
        return fetched.body();
    }
}
