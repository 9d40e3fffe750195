package org.iiifml.trainer.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which split an image belongs to: decided by the seed and the image's content hash alone, so that the same
 * seed gives the same splits on every run and machine, and identical images share a split.
 */
public final class Splits {

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";

    private Splits() {
    }

    public static String of(String sha256, long seed, double validationFraction) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((seed + ":" + sha256).getBytes(StandardCharsets.UTF_8));
            long bits = ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
            return bits / (double) (1L << 32) < validationFraction ? VALIDATION : TRAIN;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
