package org.iiifml.gateway.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import reactor.core.publisher.Mono;

/**
 * The buckets in Redis, shared by every gateway replica, through Spring Cloud Gateway's RedisRateLimiter
 * (its Lua token bucket). Each (route, cost) pair is one of its route configurations. When Redis does not
 * answer, RedisRateLimiter lets the request through (and logs it): a limiter outage is not an outage of
 * the suite.
 */
public final class RedisClientRateLimiter implements ClientRateLimiter {

    private final RedisRateLimiter redis;
    private final RateLimitProperties properties;
    private final Set<String> configured = ConcurrentHashMap.newKeySet();

    public RedisClientRateLimiter(RedisRateLimiter redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    @Override
    public Mono<Decision> take(String route, String client, int cost) {
        if (configured.add(route)) {
            redis.getConfig().put(route, new RedisRateLimiter.Config().setReplenishRate(properties.replenishRate())
                    .setBurstCapacity(properties.burstCapacity()).setRequestedTokens(cost));
        }
        return redis.isAllowed(route, client).map(response -> {
            long remaining = parse(response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER), properties.burstCapacity());
            if (remaining < 0) {
                remaining = properties.burstCapacity(); // Redis did not answer: let through, as if full
            }
            double rate = properties.replenishRate();
            long toFull = (long) Math.ceil((properties.burstCapacity() - remaining) / rate);
            long retry = response.isAllowed() ? 0 : Math.max(1, (long) Math.ceil((cost - remaining) / rate));
            return new Decision(response.isAllowed(), remaining, toFull, retry);
        });
    }

    private static long parse(String value, long otherwise) {
        try {
            return value == null ? otherwise : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
