package org.iiifml.gateway.security;

import java.util.Collection;
import org.iiifml.gateway.keys.ApiKey;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/** A request authenticated by one of the gateway's API keys: its principal is the key's client. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiKey key;

    ApiKeyAuthentication(ApiKey key, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.key = key;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return key.client();
    }

    @Override
    public String getName() {
        return key.client();
    }
}
