package org.iiifml.gateway.security;

import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code Strict-Transport-Security} on every answer whose public address is HTTPS: the configured public
 * base URL, or what a trusted proxy in front said ({@code X-Forwarded-Proto}). Spring Security's own writer
 * looks at the gateway's socket only, which is plain HTTP behind a TLS-terminating ingress.
 */
final class StrictTransportSecurity implements WebFilter, Ordered {

    static final String HEADER = "Strict-Transport-Security";
    static final String VALUE = "max-age=31536000; includeSubDomains";

    private final PublicUrls publicUrls;

    StrictTransportSecurity(PublicUrls publicUrls) {
        this.publicUrls = publicUrls;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (publicUrls.base(exchange.getRequest()).startsWith("https://")) {
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().set(HEADER, VALUE);
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }

    /** First, so that an answer from any later filter (a 413, a 401, a 429) carries it too. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
