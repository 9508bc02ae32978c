package dev.coffer.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Comparisons of secrets (tokens, MACs, hashes) whose running time does not depend on where the
 * inputs first differ, so that an attacker cannot recover a secret byte by byte from timing.
 *
 * <p>Semantics are those of {@link MessageDigest#isEqual}: the time depends only on the lengths,
 * so the length of a secret is not protected. Both methods are null-safe: {@code null} equals
 * only {@code null}. They never throw.
 */
public final class ConstantTime {

    private ConstantTime() {}

    /** Returns whether both arrays have the same length and contents, or both are null. */
    public static boolean equals(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        return MessageDigest.isEqual(a, b);
    }

    /** Compares the UTF-8 encodings of two strings in constant time; null equals only null. */
    public static boolean equals(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
