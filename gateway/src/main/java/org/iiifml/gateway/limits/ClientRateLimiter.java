package org.iiifml.gateway.limits;

import reactor.core.publisher.Mono;

/** Takes tokens from one client's bucket for one route. */
public interface ClientRateLimiter {

    /**
     * @param remaining tokens left after this request (when allowed) or now (when refused)
     * @param secondsToFull seconds until the bucket is full again
     * @param retryAfterSeconds when refused, how long until the request's cost is there again
     */
    record Decision(boolean allowed, long remaining, long secondsToFull, long retryAfterSeconds) {
    }

    Mono<Decision> take(String route, String client, int cost);
}
