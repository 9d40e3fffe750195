package org.iiifml.gateway.keys;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An API key as listed: never the key itself, which is shown once when it is created.
 *
 * @param hint the key's first characters after its prefix, to tell keys apart
 * @param expiresAt null for a key that does not expire
 */
public record ApiKey(UUID id, String client, String name, String hint, Set<String> scopes, Instant createdAt, Instant expiresAt,
        Instant lastUsedAt, Instant revokedAt) {

    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    /** A key just created, with the secret its client must keep: the only time it is seen. */
    public record Created(ApiKey key, String secret) {
    }
}
