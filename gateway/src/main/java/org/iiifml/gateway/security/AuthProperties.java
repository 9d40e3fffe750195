package org.iiifml.gateway.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the suite through the gateway.
 *
 * @param enabled authentication on (default true). False is the open mode: every caller is one client,
 *     {@code anonymous}, with every scope; the gateway says so loudly at start
 * @param anonymousPaths paths answered to GET and HEAD without a credential (default health, the API
 *     documentation, the web page's static files and the demo IIIF source)
 * @param jwt OAuth2/OIDC bearer tokens, beside API keys (off until an issuer is set)
 */
@ConfigurationProperties("suite.gateway.auth")
public record AuthProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue({"/actuator/health", "/actuator/health/**", "/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                "/webjars/**", "/", "/index.html", "/static/**", "/favicon.ico", "/demo/iiif/**"}) List<String> anonymousPaths,
        @DefaultValue Jwt jwt) {

    public AuthProperties {
        anonymousPaths = List.copyOf(anonymousPaths);
    }

    /**
     * @param issuer the issuer ({@code iss}) tokens must name; empty turns tokens off (default empty)
     * @param jwkSetUri where the issuer's signing keys are (default empty: {@code <issuer>/.well-known/jwks.json}
     *     is not guessed; set it)
     * @param audiences one of which the token's {@code aud} must hold (default none: not checked; set it)
     * @param clockSkew leeway on {@code exp} and {@code nbf} (default 60s)
     * @param clientClaim the claim that names the client (default {@code sub})
     * @param scopeClaims claims whose values map onto the suite's scopes: {@code read}, {@code run},
     *     {@code train}, {@code admin}, as they are or after {@code scopePrefix} (default scope, scp, roles)
     * @param scopePrefix a prefix the issuer puts before the suite's scope names, e.g. {@code iiifml:}
     *     (default empty)
     */
    public record Jwt(
            @DefaultValue("") String issuer,
            URI jwkSetUri,
            List<String> audiences,
            @DefaultValue("60s") Duration clockSkew,
            @DefaultValue("sub") String clientClaim,
            @DefaultValue({"scope", "scp", "roles"}) List<String> scopeClaims,
            @DefaultValue("") String scopePrefix) {

        public Jwt {
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
            scopeClaims = List.copyOf(scopeClaims);
            if (!issuer.isEmpty() && jwkSetUri == null) {
                throw new IllegalArgumentException("suite.gateway.auth.jwt.jwk-set-uri is required with an issuer");
            }
        }

        public boolean enabled() {
            return !issuer.isEmpty();
        }
    }
}
