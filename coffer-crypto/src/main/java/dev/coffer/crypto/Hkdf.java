package dev.coffer.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869).
 *
 * <p>Contract and errors:
 * <ul>
 *   <li>{@link #extract}: a null or empty salt means 32 zero bytes, as the RFC specifies; the
 *       result (PRK) is 32 bytes.
 *   <li>{@link #expand}: {@code prk} must be at least 32 bytes (RFC 5869 section 2.3) and
 *       {@code length} between 1 and 255 * 32 = 8160, else {@link IllegalArgumentException};
 *       a null {@code info} means empty.
 *   <li>{@link #derive} is extract followed by expand; the intermediate PRK is wiped.
 *   <li>Null {@code ikm} or {@code prk} give {@link NullPointerException}.
 * </ul>
 */
public final class Hkdf {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int HASH_LENGTH = 32;
    static final int MAX_LENGTH = 255 * HASH_LENGTH;

    private Hkdf() {}

    /** HKDF-Extract: returns the 32-byte pseudorandom key {@code HMAC(salt, ikm)}. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        Objects.requireNonNull(ikm, "ikm");
        byte[] effectiveSalt = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        return keyedMac(effectiveSalt).doFinal(ikm);
    }

    /** HKDF-Expand: returns {@code length} bytes of output keying material. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(prk, "prk");
        if (prk.length < HASH_LENGTH) {
            throw new IllegalArgumentException("PRK must be at least " + HASH_LENGTH + " bytes, was " + prk.length);
        }
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "HKDF-SHA256 output length must be between 1 and " + MAX_LENGTH + ", was " + length);
        }
        Mac mac = keyedMac(prk);
        byte[] okm = new byte[length];
        byte[] block = new byte[0];
        for (int counter = 1, offset = 0; offset < length; counter++) {
            mac.update(block);
            if (info != null) {
                mac.update(info);
            }
            mac.update((byte) counter);
            Arrays.fill(block, (byte) 0);
            block = mac.doFinal();
            int n = Math.min(HASH_LENGTH, length - offset);
            System.arraycopy(block, 0, okm, offset, n);
            offset += n;
        }
        Arrays.fill(block, (byte) 0); // the last block may hold key bytes beyond length
        return okm;
    }

    /** Extract then expand; returns {@code length} bytes of output keying material. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    private static Mac keyedMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + ALGORITHM, e);
        }
    }
}
