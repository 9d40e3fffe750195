package org.iiifml.gateway.security;

import org.iiifml.support.problem.ProblemException;
import org.iiifml.support.problem.ProblemType;
import org.iiifml.support.problem.ProblemWebExceptionHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 as problem responses. A 401 carries {@code WWW-Authenticate: Bearer} (RFC 6750), with
 * {@code error="invalid_token"} when a credential was sent and failed; a 403 names the scope missing.
 */
final class ProblemAuthenticationHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    static final String REALM = "iiif-ml-suite";
    private final ProblemWebExceptionHandler problems = new ProblemWebExceptionHandler();

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean sent = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null;
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, sent
                ? "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"" : "Bearer realm=\"" + REALM + "\"");
        String detail = !sent
                ? "this operation needs a credential: send Authorization: Bearer with an API key (iiifml_…) or an access token"
                : failure instanceof InvalidBearerTokenException || failure.getMessage() == null
                        ? "the credential is not valid: an unknown, expired or revoked API key, or a token that failed validation"
                        : "the credential is not valid: " + failure.getMessage();
        return problems.handle(exchange, new ProblemException(ProblemType.UNAUTHENTICATED, detail));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return Identities.current().map(identity -> "the credential's scopes " + identity.scopes().stream().sorted().toList()
                        + " do not include the one this operation needs (" + RouteScopes.needed(exchange.getRequest()) + ")")
                .defaultIfEmpty("this operation needs the " + RouteScopes.needed(exchange.getRequest()) + " scope")
                .flatMap(detail -> {
                    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\"" + RouteScopes.needed(exchange.getRequest()) + "\"");
                    return problems.handle(exchange, new ProblemException(ProblemType.FORBIDDEN, detail));
                });
    }
}
