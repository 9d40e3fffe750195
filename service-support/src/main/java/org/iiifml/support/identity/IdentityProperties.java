package org.iiifml.support.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service trusts the gateway's word on whom a request is for.
 *
 * @param secret the HMAC key the gateway signs {@link IdentitySigner#HEADER} with, the same on the gateway
 *     and every service, at least 32 characters. Empty makes the service trust every caller as one client,
 *     {@code anonymous}, with every scope: only for a service that nothing but its own tests can reach
 *     (default empty; run-local.sh and the Kubernetes layers set one)
 * @param maxAge how old a signed header may be, either way, before it is refused (default 2m)
 */
@ConfigurationProperties("suite.identity")
public record IdentityProperties(@DefaultValue("") String secret, @DefaultValue("2m") Duration maxAge) {

    public boolean enabled() {
        return !secret.isEmpty();
    }

    public IdentitySigner signer() {
        return new IdentitySigner(secret, maxAge);
    }
}
