package org.iiifml.gateway.limits;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client token buckets, one per client and route (a prefix's reads, and its runs).
 *
 * @param enabled limits on (default true)
 * @param store {@code memory} (one gateway, the local run) or {@code redis} (replicas share buckets through
 *     Spring Cloud Gateway's RedisRateLimiter at {@code spring.data.redis.*}) (default memory)
 * @param replenishRate tokens a bucket gains per second (default 20)
 * @param burstCapacity tokens a bucket holds at most: the largest burst (default 200)
 * @param readCost tokens a GET or HEAD costs (default 1)
 * @param runCosts tokens any other request costs, per public prefix (default iiif 2, classifier 2,
 *     extractor 4, colorizer 8, trainer 100); a prefix not listed costs 2
 */
@ConfigurationProperties("suite.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("memory") String store,
        @DefaultValue("20") int replenishRate,
        @DefaultValue("200") int burstCapacity,
        @DefaultValue("1") int readCost,
        Map<String, Integer> runCosts) {

    public static final int DEFAULT_RUN_COST = 2;

    public RateLimitProperties {
        runCosts = runCosts == null ? Map.of("iiif", 2, "classifier", 2, "extractor", 4, "colorizer", 8, "trainer", 100) : Map.copyOf(runCosts);
        if (!store.equals("memory") && !store.equals("redis")) {
            throw new IllegalArgumentException("suite.gateway.rate-limit.store is memory or redis");
        }
        if (replenishRate < 1 || burstCapacity < 1 || readCost < 1
                || runCosts.values().stream().anyMatch(c -> c < 1 || c > burstCapacity) || readCost > burstCapacity) {
            throw new IllegalArgumentException("suite.gateway.rate-limit: rates and costs ≥ 1, and no cost above burst-capacity");
        }
    }

    public int runCost(String prefix) {
        return runCosts.getOrDefault(prefix, DEFAULT_RUN_COST);
    }
}
