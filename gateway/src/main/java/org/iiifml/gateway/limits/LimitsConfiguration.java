package org.iiifml.gateway.limits;

import java.time.Clock;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Request limits before authentication, and the per-client rate limits after it. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    @Bean
    RequestGuard requestGuard(RequestLimitsProperties limits, PublicUrls publicUrls) {
        return new RequestGuard(limits, publicUrls);
    }

    @Bean
    @ConditionalOnProperty(name = "suite.gateway.rate-limit.enabled", havingValue = "true", matchIfMissing = true)
    RateLimitFilter rateLimitFilter(RateLimitProperties properties, ObjectProvider<RedisRateLimiter> redis) {
        ClientRateLimiter limiter = properties.store().equals("redis")
                ? new RedisClientRateLimiter(redis.getObject(), properties)
                : new MemoryRateLimiter(properties, Clock.systemUTC());
        return new RateLimitFilter(limiter, properties);
    }
}
