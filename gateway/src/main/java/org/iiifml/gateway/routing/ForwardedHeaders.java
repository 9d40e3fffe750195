package org.iiifml.gateway.routing;

import java.net.URI;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells each service the public address of the request it forwards, as {@code X-Forwarded-Proto/Host/Port}
 * and {@code -Prefix}, so that the ids a service mints name the gateway and not the service. The values
 * are the gateway's own public URL ({@link PublicUrls}: the configured public base URL, else what a
 * trusted proxy in front said, else the Host the client called); whatever a client sent in these headers
 * itself is replaced. Runs after Spring Cloud Gateway's own filters, which remove X-Forwarded headers from
 * requests of untrusted clients.
 */
final class ForwardedHeaders implements HttpHeadersFilter, Ordered {

    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    static final String PORT = "X-Forwarded-Port";
    static final String PREFIX = "X-Forwarded-Prefix";

    private final PublicUrls publicUrls;

    ForwardedHeaders(PublicUrls publicUrls) {
        this.publicUrls = publicUrls;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        URI base = URI.create(publicUrls.base(exchange.getRequest()));
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        headers.remove("Forwarded");
        int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        headers.set(PROTO, base.getScheme());
        headers.set(HOST, base.getRawAuthority());
        headers.set(PORT, Integer.toString(port));
        String prefix = base.getRawPath();
        if (prefix == null || prefix.isEmpty()) {
            headers.remove(PREFIX);
        } else {
            headers.set(PREFIX, prefix);
        }
        return headers;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
