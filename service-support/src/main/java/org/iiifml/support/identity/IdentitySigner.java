package org.iiifml.support.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed identity header by which the gateway tells a service whom a request is for:
 * {@code v1;client=<id>;scopes=<a,b>;ts=<epoch seconds>;sig=<base64url HMAC-SHA256>}. The MAC covers the
 * client, the scopes, the time, the method and the path, so a header seen once cannot be replayed on
 * another operation, nor later than {@code maxAge}; a request that reaches a service without the gateway
 * cannot make one without the secret.
 */
public final class IdentitySigner {

    public static final String HEADER = "X-Suite-Identity";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Duration maxAge;

    public IdentitySigner(String secret, Duration maxAge) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("suite.identity.secret must be at least 32 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.maxAge = maxAge;
    }

    public String sign(ClientIdentity identity, String method, String path, Instant now) {
        String scopes = String.join(",", identity.scopes());
        long ts = now.getEpochSecond();
        return "v1;client=" + identity.client() + ";scopes=" + scopes + ";ts=" + ts + ";sig=" + mac(identity.client(), scopes, ts, method, path);
    }

    /** The identity the header names, when its signature holds for this method and path and it is recent. */
    public Optional<ClientIdentity> verify(String header, String method, String path, Instant now) {
        if (header == null || header.length() > 4096 || !header.startsWith("v1;")) {
            return Optional.empty();
        }
        String client = null;
        String scopes = null;
        String sig = null;
        long ts = Long.MIN_VALUE;
        for (String field : header.substring(3).split(";")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            String value = field.substring(eq + 1);
            switch (field.substring(0, eq)) {
                case "client" -> client = value;
                case "scopes" -> scopes = value;
                case "sig" -> sig = value;
                case "ts" -> {
                    try {
                        ts = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (client == null || scopes == null || sig == null || ts == Long.MIN_VALUE
                || Math.abs(now.getEpochSecond() - ts) > maxAge.toSeconds()) {
            return Optional.empty();
        }
        byte[] expected = mac(client, scopes, ts, method, path).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClientIdentity(client, scopes.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(scopes.split(",")))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String mac(String client, String scopes, long ts, String method, String path) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            String signed = "v1\n" + client + "\n" + scopes + "\n" + ts + "\n" + method + "\n" + path;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
