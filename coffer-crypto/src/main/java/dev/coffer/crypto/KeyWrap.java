package dev.coffer.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Wraps a 32-byte key under a key-encryption key (KEK), bound to a purpose.
 *
 * <p>The wrapped form is {@link Aead#seal} of the key with associated data
 * {@code UTF-8("coffer-keywrap/v1:" + purpose)}, 60 bytes in all. Binding the purpose means a
 * key wrapped for one use (say, one project's data key) cannot be substituted for another's.
 * The purpose is a non-secret label and may appear in exception messages.
 *
 * <p>Errors: {@link #wrap} throws {@link IllegalArgumentException} if the key is not 32 bytes;
 * {@link #unwrap} throws {@link DecryptionFailedException} on a wrong KEK, wrong purpose or
 * tampered blob, and {@link IllegalStateException} if what was wrapped is not 32 bytes long.
 * Both throw {@link IllegalArgumentException} on an empty purpose and
 * {@link NullPointerException} on null arguments.
 */
public final class KeyWrap {

    private static final String AAD_PREFIX = "coffer-keywrap/v1:";
    private static final int KEY_LENGTH = 32;

    private KeyWrap() {}

    /** Seals {@code key} under {@code kek} for {@code purpose}. */
    public static byte[] wrap(Aead kek, byte[] key, String purpose) {
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "key to wrap must be " + KEY_LENGTH + " bytes, but " + key.length + " bytes were given");
        }
        return kek.seal(key, associatedData(purpose));
    }

    /** Recovers a key wrapped by {@link #wrap} with the same KEK and purpose. */
    public static byte[] unwrap(Aead kek, byte[] wrapped, String purpose) {
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(wrapped, "wrapped");
        byte[] aad = associatedData(purpose);
        byte[] key;
        try {
            key = kek.open(wrapped, aad);
        } catch (DecryptionFailedException e) {
            throw new DecryptionFailedException("key wrapped for purpose '" + purpose + "'");
        }
        if (key.length != KEY_LENGTH) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            // Authentic but malformed: a bug in whatever wrapped it, not an attack.
            throw new IllegalStateException(
                    "unwrapped key for purpose '" + purpose + "' is " + length + " bytes, expected " + KEY_LENGTH);
        }
        return key;
    }

    private static byte[] associatedData(String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        if (purpose.isEmpty()) {
            throw new IllegalArgumentException("purpose must not be empty");
        }
        return (AAD_PREFIX + purpose).getBytes(StandardCharsets.UTF_8);
    }
}
