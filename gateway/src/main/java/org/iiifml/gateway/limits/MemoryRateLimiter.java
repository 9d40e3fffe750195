package org.iiifml.gateway.limits;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this gateway's memory, with the semantics of Spring Cloud Gateway's RedisRateLimiter
 * (refill at {@code replenishRate} per second up to {@code burstCapacity}; a request takes its cost or is
 * refused whole): for a single gateway with no Redis. Buckets that are full are forgotten, so memory is
 * bounded by the clients active in the last few seconds.
 */
public final class MemoryRateLimiter implements ClientRateLimiter {

    private static final int SWEEP_AT = 10_000;

    private final RateLimitProperties properties;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    public MemoryRateLimiter(RateLimitProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Mono<Decision> take(String route, String client, int cost) {
        long now = clock.millis() * 1_000_000L;
        double rate = properties.replenishRate();
        int capacity = properties.burstCapacity();
        if (buckets.size() > SWEEP_AT) {
            buckets.values().removeIf(b -> refilled(b, now, rate, capacity) >= capacity);
        }
        Bucket bucket = buckets.computeIfAbsent(route + "\n" + client, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens = refilled(bucket, now, rate, capacity);
            bucket.updatedNanos = now;
            boolean allowed = bucket.tokens >= cost;
            if (allowed) {
                bucket.tokens -= cost;
            }
            long remaining = (long) Math.floor(bucket.tokens);
            long toFull = (long) Math.ceil((capacity - bucket.tokens) / rate);
            long retry = allowed ? 0 : Math.max(1, (long) Math.ceil((cost - bucket.tokens) / rate));
            return Mono.just(new Decision(allowed, remaining, toFull, retry));
        }
    }

    private static double refilled(Bucket bucket, long now, double rate, int capacity) {
        double elapsed = Math.max(0, now - bucket.updatedNanos) / 1e9;
        return Math.min(capacity, bucket.tokens + elapsed * rate);
    }
}
