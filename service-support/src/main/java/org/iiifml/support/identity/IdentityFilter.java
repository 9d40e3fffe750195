package org.iiifml.support.identity;

import java.time.Clock;
import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.problem.ProblemWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A service's side of the gateway's signed identity: with a secret, every request must carry a valid
 * {@link IdentitySigner#HEADER} (401 otherwise: a caller that bypasses the gateway is refused), and the
 * identity it names goes into the request's Reactor context. Without a secret every request is
 * {@link ClientIdentity#ANONYMOUS}. Health probes need no signature; the other actuator endpoints need one
 * unless they are on a management port of their own.
 */
public final class IdentityFilter implements WebFilter, Ordered {

    private final IdentitySigner signer;
    private final Clock clock;
    private final boolean separateManagementPort;
    private final ProblemWebExceptionHandler problems = new ProblemWebExceptionHandler();

    /**
     * @param signer null to trust every caller as {@link ClientIdentity#ANONYMOUS}
     * @param separateManagementPort whether actuator endpoints are on a management port of their own (which
     *     the gateway does not route, and which Prometheus scrapes without a signature)
     */
    public IdentityFilter(IdentitySigner signer, Clock clock, boolean separateManagementPort) {
        this.signer = signer;
        this.clock = clock;
        this.separateManagementPort = separateManagementPort;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (signer == null) {
            return chain.filter(exchange).contextWrite(context -> context.put(ClientIdentity.class, ClientIdentity.ANONYMOUS));
        }
        var request = exchange.getRequest();
        String path = request.getPath().value();
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/") || separateManagementPort && path.startsWith("/actuator")) {
            return chain.filter(exchange); // probes, from the kubelet or run-local.sh
        }
        String header = request.getHeaders().getFirst(IdentitySigner.HEADER);
        var identity = signer.verify(header, request.getMethod().name(), path, clock.instant());
        if (identity.isEmpty()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"iiif-ml-suite\"");
            return problems.handle(exchange, new ProblemException(ProblemType.UNAUTHENTICATED, header == null
                    ? "this service answers requests that come through the suite's gateway; send it there, with a credential"
                    : "the identity header of this request is not one the gateway signed, or it is too old"));
        }
        ClientIdentity client = identity.get();
        return chain.filter(exchange).contextWrite(context -> context.put(ClientIdentity.class, client));
    }

    /** Before the request-id, security and routing filters of the application: nothing runs unverified. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
