package org.iiifml.gateway.security;

import java.time.Clock;
import java.util.Optional;
import org.iiifml.support.identity.IdentitySigner;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells the service whom a routed request is for: the authenticated client, signed with
 * suite.identity.secret ({@link IdentitySigner}). Whatever a caller sent in that header itself is removed
 * first, so no caller can speak for another.
 */
final class IdentityHeaderFilter implements GlobalFilter, Ordered {

    private final IdentitySigner signer;
    private final Clock clock;

    /** @param signer null when no secret is configured: the header is only removed */
    IdentityHeaderFilter(IdentitySigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        var request = exchange.getRequest();
        return Identities.current().map(identity -> signer == null ? Optional.<String>empty()
                        : Optional.of(signer.sign(identity, request.getMethod().name(), request.getPath().value(), clock.instant())))
                .defaultIfEmpty(Optional.empty())
                .flatMap(signed -> chain.filter(exchange.mutate().request(r -> r.headers(headers -> {
                    headers.remove(IdentitySigner.HEADER);
                    signed.ifPresent(value -> headers.set(IdentitySigner.HEADER, value));
                })).build()));
    }

    @Override
    public int getOrder() {
        return -10;
    }
}
