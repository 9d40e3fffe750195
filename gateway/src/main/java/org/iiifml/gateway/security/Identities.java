package org.iiifml.gateway.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.publicurl.PublicUrls;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The suite's client identity of an authenticated request, from Spring Security's context. */
public final class Identities {

    public static final String SCOPE = "SCOPE_";
    /** The principal of the open mode (authentication off): its authorities are every scope. */
    static final String OPEN_MODE_PRINCIPAL = ClientIdentity.ANONYMOUS.client();

    private Identities() {
    }

    /** The client the request is for: absent for an anonymous request to a path that needs none. */
    public static Mono<ClientIdentity> current() {
        return ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication)
                .flatMap(authentication -> Mono.justOrEmpty(of(authentication)));
    }

    static Optional<ClientIdentity> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        if (authentication instanceof AnonymousAuthenticationToken && !OPEN_MODE_PRINCIPAL.equals(authentication.getPrincipal())) {
            return Optional.empty();
        }
        Set<String> scopes = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(SCOPE)).map(a -> a.substring(SCOPE.length()))
                .filter(ClientIdentity.ALL_SCOPES::contains).collect(Collectors.toSet());
        return Optional.of(new ClientIdentity(authentication.getName(), scopes));
    }

    /**
     * The rate limiter's key: the authenticated client; in the open mode, where every caller is the same
     * client, the caller's address: the socket's, or what a trusted proxy in front said it was
     * ({@link PublicUrls#clientAddress}), never a header anyone else sent.
     */
    public static Mono<String> rateLimitKey(ServerWebExchange exchange, PublicUrls publicUrls) {
        String address = "address:" + publicUrls.clientAddress(exchange.getRequest());
        return current().map(identity -> identity.client().equals(OPEN_MODE_PRINCIPAL) ? address : "client:" + identity.client())
                .defaultIfEmpty(address);
    }
}
