package org.iiifml.gateway.limits;

import java.util.Set;
import org.iiifml.gateway.security.Identities;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.problem.ProblemWebExceptionHandler;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Per-client rate limits on the routed API: one bucket per client and route (a prefix's reads, and its
 * runs), keyed by the authenticated client, never by a header a caller sets. Answers carry
 * {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi draft); a refusal is a 429 problem with
 * {@code Retry-After}.
 */
public final class RateLimitFilter implements GlobalFilter, Ordered {

    static final String POLICY = "RateLimit-Policy";
    static final String STATE = "RateLimit";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ClientRateLimiter limiter;
    private final RateLimitProperties properties;
    private final ProblemWebExceptionHandler problems = new ProblemWebExceptionHandler();

    private final PublicUrls publicUrls;

    public RateLimitFilter(ClientRateLimiter limiter, RateLimitProperties properties, PublicUrls publicUrls) {
        this.limiter = limiter;
        this.properties = properties;
        this.publicUrls = publicUrls;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String prefix = RequestGuard.prefix(exchange.getRequest().getPath().value());
        if (prefix.isEmpty()) {
            return chain.filter(exchange); // the demo source, a stand-in for the world's IIIF servers
        }
        boolean read = READS.contains(exchange.getRequest().getMethod());
        String route = prefix + (read ? ":read" : ":run");
        int cost = read ? properties.readCost() : properties.runCost(prefix);
        return Identities.rateLimitKey(exchange, publicUrls).flatMap(client -> limiter.take(route, client, cost)).flatMap(decision -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            long window = (long) Math.ceil((double) properties.burstCapacity() / properties.replenishRate());
            headers.set(POLICY, "\"" + route + "\";q=" + properties.burstCapacity() + ";w=" + window);
            headers.set(STATE, "\"" + route + "\";r=" + decision.remaining() + ";t=" + decision.secondsToFull());
            if (!decision.allowed()) {
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
                return problems.handle(exchange, new ProblemException(ProblemType.TOO_MANY_REQUESTS, "this client has used its share of "
                        + route + " for now (this request costs " + cost + " tokens, " + decision.remaining()
                        + " are left); send it again in " + decision.retryAfterSeconds() + " s"));
            }
            return chain.filter(exchange);
        });
    }

    /** After the identity is signed onto the request, before it is routed. */
    @Override
    public int getOrder() {
        return 0;
    }
}
