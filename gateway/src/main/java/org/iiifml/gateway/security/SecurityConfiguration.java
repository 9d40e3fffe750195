package org.iiifml.gateway.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.iiifml.gateway.keys.ApiKey;
import org.iiifml.gateway.keys.ApiKeys;
import org.iiifml.support.identity.ClientIdentity;
import org.iiifml.support.identity.IdentityProperties;
import org.iiifml.support.publicurl.PublicUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Who gets in. Bearer credentials of two kinds: the gateway's own API keys ({@code iiifml_…}) and, where an
 * issuer is configured, OAuth2/OIDC access tokens (Spring Security's JWT resource server). Each operation
 * needs its scope ({@link RouteScopes}); a few paths are open to GET without a credential. No sessions, no
 * cookies, no CSRF tokens: credentials are headers, which no cross-site form can send. Secure headers are
 * on every answer.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The web page's scripts, styles and images come from the gateway only; no page may frame it. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, AuthProperties auth, ApiKeys keys, CorsConfigurationSource cors) {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers();
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(headers -> headers
                        .hsts(ServerHttpSecurity.HeaderSpec.HstsSpec::disable) // StrictTransportSecurity, on the public scheme
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
                .cors(c -> c.configurationSource(cors))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        if (!auth.enabled()) {
            log.warn("AUTHENTICATION IS OFF (suite.gateway.auth.enabled=false): every caller is the client 'anonymous' with every scope, "
                    + "jobs are shared by all callers and anyone who reaches this gateway can run and train models");
            http.anonymous(anonymous -> anonymous.principal(Identities.OPEN_MODE_PRINCIPAL).authorities(authorities(ClientIdentity.ALL_SCOPES)))
                    .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll());
            return http.build();
        }
        // One authorization manager for every request: the open paths are decided in one pass over
        // patterns parsed once; a matcher per path costs each authenticated request a reactive
        // evaluation per open path (a fifth of the gateway's CPU on a cheap route, measured).
        OpenPaths open = new OpenPaths(auth.anonymousPaths());
        http.authorizeExchange(exchanges -> exchanges.anyExchange().access((authentication, context) -> {
            ServerHttpRequest request = context.getExchange().getRequest();
            if (open.permits(request)) {
                return Mono.just(new AuthorizationDecision(true));
            }
            String needed = RouteScopes.needed(request);
            return authentication.<AuthorizationResult>map(a -> new AuthorizationDecision(a.isAuthenticated() && Identities.of(a)
                            .map(identity -> identity.has(needed)).orElse(false)))
                    .defaultIfEmpty(new AuthorizationDecision(false));
        }));
        ReactiveAuthenticationManager apiKeys = apiKeyManager(keys);
        ReactiveAuthenticationManager tokens = auth.jwt().enabled() ? jwtManager(auth.jwt()) : token -> Mono.error(new BadCredentialsException(
                "only the gateway's API keys (iiifml_…) are taken here; no token issuer is configured (suite.gateway.auth.jwt.issuer)"));
        http.oauth2ResourceServer(resource -> resource
                .authenticationManagerResolver(exchange -> Mono.just(authentication -> {
                    String token = authentication instanceof BearerTokenAuthenticationToken bearer ? bearer.getToken() : "";
                    return token.startsWith(ApiKeys.PREFIX) ? apiKeys.authenticate(authentication) : tokens.authenticate(authentication);
                }))
                .authenticationEntryPoint(problems)
                .accessDeniedHandler(problems));
        return http.build();
    }

    private static ReactiveAuthenticationManager apiKeyManager(ApiKeys keys) {
        // A key in the cache is answered on the event loop; only a database lookup goes to a blocking thread.
        return authentication -> {
            String secret = ((BearerTokenAuthenticationToken) authentication).getToken();
            return keys.verifyCached(secret).map(Mono::just)
                    .orElseGet(() -> Mono.fromCallable(() -> keys.verify(secret)).subscribeOn(Schedulers.boundedElastic()))
                    .flatMap(key -> key.<Mono<ApiKey>>map(Mono::just).orElseGet(() -> Mono.error(new BadCredentialsException(
                            "the API key is unknown, expired or revoked"))))
                    .map(key -> new ApiKeyAuthentication(key, authorities(key.scopes())));
        };
    }

    private static ReactiveAuthenticationManager jwtManager(AuthProperties.Jwt jwt) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri().toString()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(jwt.clockSkew()));
        validators.add(new JwtIssuerValidator(jwt.issuer()));
        if (!jwt.audiences().isEmpty()) {
            validators.add(new JwtClaimValidator<Collection<String>>("aud",
                    aud -> aud != null && aud.stream().anyMatch(jwt.audiences()::contains)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName(jwt.clientClaim());
        converter.setJwtGrantedAuthoritiesConverter(token -> authorities(scopesOf(token, jwt)));
        JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
        manager.setJwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(converter));
        return manager;
    }

    /** The suite's scopes among a token's scope and role claims (space-separated strings or lists). */
    static Set<String> scopesOf(Jwt token, AuthProperties.Jwt jwt) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String claim : jwt.scopeClaims()) {
            Object value = token.getClaims().get(claim);
            List<String> values = value instanceof String s ? List.of(s.split("\\s+"))
                    : value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
            for (String v : values) {
                String name = !jwt.scopePrefix().isEmpty() && v.startsWith(jwt.scopePrefix()) ? v.substring(jwt.scopePrefix().length()) : v;
                if (ClientIdentity.ALL_SCOPES.contains(name)) {
                    scopes.add(name);
                }
            }
        }
        return scopes;
    }

    /** admin holds every scope. */
    static List<GrantedAuthority> authorities(Set<String> scopes) {
        Set<String> all = scopes.contains(ClientIdentity.ADMIN) ? ClientIdentity.ALL_SCOPES : scopes;
        return all.stream().sorted().<GrantedAuthority>map(s -> new SimpleGrantedAuthority(Identities.SCOPE + s)).toList();
    }

    /**
     * Authentication and authorization stay observed (their timers are in the metrics); the observation of
     * every filter of the chain does not: it wraps each filter in context lookups that cost more than the
     * filters themselves on a cheap route.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
    }

    @Bean
    StrictTransportSecurity strictTransportSecurity(PublicUrls publicUrls) {
        return new StrictTransportSecurity(publicUrls);
    }

    @Bean
    IdentityHeaderFilter identityHeaderFilter(IdentityProperties identity, AuthProperties auth) {
        if (!identity.enabled()) {
            log.warn("suite.identity.secret is not set: the services cannot tell this gateway's clients apart (every job is "
                    + "everyone's), and a caller that reaches a service directly is not refused");
            return new IdentityHeaderFilter(null, Clock.systemUTC());
        }
        return new IdentityHeaderFilter(identity.signer(), Clock.systemUTC());
    }
}
