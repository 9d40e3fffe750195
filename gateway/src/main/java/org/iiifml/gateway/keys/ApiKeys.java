package org.iiifml.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.iiifml.support.identity.ClientIdentity;

/**
 * API keys: made from 32 random bytes behind a greppable prefix ({@code iiifml_}), kept as their SHA-256
 * only, with scopes, an optional expiry and revocation. A client may hold several live keys at once, so
 * that it rotates without a gap. Lookups are cached for a few seconds ({@code cacheTtl}) so that a busy
 * client costs no database round trip per request; a revocation here drops the cache at once, one on
 * another gateway replica takes effect within the TTL. Last use is written at most once a minute per key.
 */
public final class ApiKeys {

    public static final String PREFIX = "iiifml_";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 10_000;
    /** The prefix and 32 bytes in unpadded base64url. */
    private static final Pattern KEY_SHAPE = Pattern.compile("^" + PREFIX + "[A-Za-z0-9_-]{43}$");

    private final ApiKeyStore store;
    private final Clock clock;
    private final Duration cacheTtl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> touched = new ConcurrentHashMap<>();

    private record Cached(Optional<ApiKey> key, Instant until) {
    }

    public ApiKeys(ApiKeyStore store, Clock clock, Duration cacheTtl) {
        this.store = store;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    public ApiKey.Created create(String client, String name, Set<String> scopes, Instant expiresAt) {
        new ClientIdentity(client, scopes); // the client id's rules
        if (scopes.isEmpty() || !ClientIdentity.ALL_SCOPES.containsAll(scopes)) {
            throw new IllegalArgumentException("scopes are one or more of " + ClientIdentity.ALL_SCOPES.stream().sorted().toList());
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a key's name is 1 to 200 characters");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt must be in the future");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey key = new ApiKey(UUID.randomUUID(), client, name, secret.substring(PREFIX.length(), PREFIX.length() + 6), scopes,
                now, expiresAt, null, null);
        store.insert(key, sha256(secret));
        return new ApiKey.Created(key, secret);
    }

    /**
     * {@link #verify} where it needs no database: the answer when the secret is cached (or not shaped like
     * a key) and its last use need not be written; empty when {@link #verify} has to be called.
     */
    public Optional<Optional<ApiKey>> verifyCached(String secret) {
        if (secret == null || !KEY_SHAPE.matcher(secret).matches()) {
            return Optional.of(Optional.empty());
        }
        Instant now = clock.instant();
        Cached cached = cache.get(sha256(secret));
        if (cached == null || cached.until().isBefore(now)) {
            return Optional.empty();
        }
        Optional<ApiKey> key = cached.key().filter(k -> k.activeAt(now));
        if (key.isPresent() && touchDue(key.get().id(), now)) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    private boolean touchDue(UUID id, Instant now) {
        Instant last = touched.get(id);
        return last == null || last.plus(TOUCH_EVERY).isBefore(now);
    }

    /** The live key this secret is, if any: not unknown, revoked or expired. */
    public Optional<ApiKey> verify(String secret) {
        // Anything not shaped like a key is refused without a database lookup.
        if (secret == null || !KEY_SHAPE.matcher(secret).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = sha256(secret);
        Cached cached = cache.get(hash);
        if (cached == null || cached.until().isBefore(now)) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cached = new Cached(store.bySha256(hash), now.plus(cacheTtl));
            cache.put(hash, cached);
        }
        Optional<ApiKey> key = cached.key().filter(k -> k.activeAt(now));
        key.ifPresent(k -> {
            if (touchDue(k.id(), now)) {
                touched.put(k.id(), now);
                store.touch(k.id(), now);
            }
        });
        return key;
    }

    public List<ApiKey> list(String client) {
        return store.list(client);
    }

    public Optional<ApiKey> get(UUID id) {
        return store.byId(id);
    }

    public boolean revoke(UUID id) {
        boolean revoked = store.revoke(id, clock.instant());
        cache.clear();
        return revoked;
    }

    public long countActive(String scope) {
        return store.countActive(scope, clock.instant());
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
