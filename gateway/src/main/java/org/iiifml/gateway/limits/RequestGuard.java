package org.iiifml.gateway.limits;

import java.net.URI;
import java.util.Set;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.problem.ProblemWebExceptionHandler;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first look at every request, before authentication:
 * <ul>
 *   <li>a {@code Content-Length} over the route's limit is a 413, before a byte of the body is read;</li>
 *   <li>a state-changing request from a page of another origin that is not allowed is a 403, and one with
 *       a content type that an HTML form can send without CORS ({@code application/x-www-form-urlencoded},
 *       {@code text/plain}) is a 415: no other website can make a browser start or cancel a job.</li>
 * </ul>
 */
public final class RequestGuard implements WebFilter, Ordered {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final RequestLimitsProperties limits;
    private final PublicUrls publicUrls;
    private final ProblemWebExceptionHandler problems = new ProblemWebExceptionHandler();

    public RequestGuard(RequestLimitsProperties limits, PublicUrls publicUrls) {
        this.limits = limits;
        this.publicUrls = publicUrls;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long length = request.getHeaders().getContentLength();
        long max = limits.maxBodySize(prefix(request.getPath().value())).toBytes();
        if (length > max) {
            return problems.handle(exchange, new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the request body is " + length
                    + " bytes; this route takes at most " + max + " (suite.gateway.requests.max-body-size)"));
        }
        if (!SAFE.contains(request.getMethod())) {
            String origin = request.getHeaders().getOrigin();
            if (origin != null && !sameOrigin(origin, request) && !limits.corsAllowedOrigins().contains(origin)) {
                return problems.handle(exchange, new ProblemException(ProblemType.FORBIDDEN, "requests from pages of " + origin
                        + " are not allowed here (suite.gateway.requests.cors-allowed-origins)"));
            }
            MediaType type = contentType(request);
            if (type != null && (type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED) || type.isCompatibleWith(MediaType.TEXT_PLAIN))) {
                return problems.handle(exchange, new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "send application/json (or multipart/form-data for an upload); " + type + " is not taken here"));
            }
        }
        return chain.filter(exchange);
    }

    private boolean sameOrigin(String origin, ServerHttpRequest request) {
        URI base = URI.create(publicUrls.base(request));
        URI from;
        try {
            from = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return base.getScheme().equalsIgnoreCase(String.valueOf(from.getScheme()))
                && base.getHost().equalsIgnoreCase(String.valueOf(from.getHost())) && port(base) == port(from);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static MediaType contentType(ServerHttpRequest request) {
        try {
            return request.getHeaders().getContentType();
        } catch (RuntimeException unparsable) {
            return MediaType.TEXT_PLAIN; // what a browser would not send from a script with CORS either
        }
    }

    /** "/api/classifier/classify" → "classifier"; "" off /api. */
    static String prefix(String path) {
        if (!path.startsWith("/api/")) {
            return "";
        }
        int end = path.indexOf('/', 5);
        return end < 0 ? path.substring(5) : path.substring(5, end);
    }

    /** Ahead of Spring Security's filter chain (order -100): an oversized body is refused before anything else. */
    @Override
    public int getOrder() {
        return -200;
    }
}
