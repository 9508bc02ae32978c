package dev.coffer.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bytes, hex and URL-safe tokens from one shared {@link SecureRandom}.
 *
 * <p>The default {@code new SecureRandom()} is used rather than {@code getInstanceStrong()}:
 * on Linux the strong instance may read {@code /dev/random} and block a request thread, while
 * the default is a non-blocking, properly seeded CSPRNG. {@link SecureRandom} is thread-safe,
 * so sharing one instance avoids re-seeding cost per caller.
 *
 * <p>All methods throw {@link IllegalArgumentException} if the requested byte count is negative;
 * a count of zero gives an empty result.
 */
public final class SecureRandoms {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();

    private SecureRandoms() {}

    /** Returns {@code n} fresh random bytes. */
    public static byte[] bytes(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("byte count must not be negative, was " + n);
        }
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }

    /** Returns {@code nBytes} random bytes as lowercase hex ({@code 2 * nBytes} characters). */
    public static String hex(int nBytes) {
        return Hex.encode(bytes(nBytes));
    }

    /** Returns {@code nBytes} random bytes as unpadded base64url (RFC 4648 section 5). */
    public static String base64Url(int nBytes) {
        return BASE64_URL.encodeToString(bytes(nBytes));
    }
}
