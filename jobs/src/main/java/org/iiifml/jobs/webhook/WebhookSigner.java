package org.iiifml.jobs.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries and checks signatures, for receivers written in Java. The signature is
 * HMAC-SHA256 with the deployment's secret over {@code <timestamp>.<body>}, sent as
 * {@code X-IIIF-ML-Signature: t=<unix seconds>,v1=<hex>}: the timestamp inside the signed text lets a
 * receiver refuse old deliveries replayed at it.
 */
public final class WebhookSigner {

    public static final String SIGNATURE_HEADER = "X-IIIF-ML-Signature";

    private final byte[] secret;

    public WebhookSigner(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook secret is needed");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value for a body sent at {@code time}. */
    public String sign(Instant time, byte[] body) {
        long seconds = time.getEpochSecond();
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(mac(seconds, body));
    }

    /**
     * Whether a header is a valid signature of the body, made no longer than {@code tolerance} before
     * {@code now}. Compared in constant time.
     */
    public boolean verify(String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long seconds = null;
        byte[] given = null;
        for (String part : header.split(",")) {
            String p = part.trim();
            try {
                if (p.startsWith("t=")) {
                    seconds = Long.parseLong(p.substring(2));
                } else if (p.startsWith("v1=")) {
                    given = HexFormat.of().parseHex(p.substring(3));
                }
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
        if (seconds == null || given == null) {
            return false;
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(tolerance) > 0) {
            return false;
        }
        return MessageDigest.isEqual(mac(seconds, body), given);
    }

    private byte[] mac(long seconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
