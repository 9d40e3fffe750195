package org.iiifml.gateway.limits;

import java.time.Clock;
import java.util.List;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/** Request limits before authentication, and the per-client rate limits after it. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    @Bean
    RequestGuard requestGuard(RequestLimitsProperties limits, PublicUrls publicUrls) {
        return new RequestGuard(limits, publicUrls);
    }

    @Bean
    @ConditionalOnProperty(name = "suite.gateway.rate-limit.enabled", havingValue = "true", matchIfMissing = true)
    RateLimitFilter rateLimitFilter(RateLimitProperties properties, ObjectProvider<RedisRateLimiter> redis, PublicUrls publicUrls) {
        ClientRateLimiter limiter = properties.store().equals("redis")
                ? new RedisClientRateLimiter(redis.getObject(), properties)
                : new MemoryRateLimiter(properties, Clock.systemUTC());
        return new RateLimitFilter(limiter, properties, publicUrls);
    }

    /** The origins of suite.gateway.requests.cors-*, applied by the security chain before authentication. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(RequestLimitsProperties limits) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(limits.corsAllowedOrigins());
        config.setAllowedMethods(List.of("GET", "HEAD", "POST", "DELETE"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
        config.setExposedHeaders(List.of("Location", "Retry-After", "RateLimit", "RateLimit-Policy"));
        config.setAllowCredentials(limits.corsAllowCredentials());
        config.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}
