package org.iiifml.support.identity;

import java.time.Clock;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Signs a service's own calls to another service of the suite (a model service's to the fetcher) as the
 * gateway signs a client's, so that the callee's {@link IdentityFilter} lets them in.
 */
public final class SignedCalls {

    private SignedCalls() {
    }

    /** @return a filter that adds the signed identity header; a no-op when no secret is configured */
    public static ExchangeFilterFunction as(ClientIdentity identity, IdentityProperties properties, Clock clock) {
        if (!properties.enabled()) {
            return (request, next) -> next.exchange(request);
        }
        IdentitySigner signer = properties.signer();
        return (request, next) -> next.exchange(ClientRequest.from(request)
                .headers(h -> h.set(IdentitySigner.HEADER,
                        signer.sign(identity, request.method().name(), request.url().getRawPath(), clock.instant())))
                .build());
    }
}
