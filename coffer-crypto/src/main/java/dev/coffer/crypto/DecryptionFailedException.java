package dev.coffer.crypto;

/**
 * Thrown when a sealed blob cannot be authenticated: it is too short to be a blob, it was
 * tampered with, or it was sealed under a different key or different associated data.
 *
 * <p>The message is deliberately generic: the cause cannot be told apart without leaking
 * information to an attacker, and no key, plaintext or ciphertext bytes ever appear in it.
 * Callers may add a context string (for example {@code "secret value of row 42"}) so that
 * logs say <em>what</em> failed to decrypt; that string must itself not be secret.
 */
public final class DecryptionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final String GENERIC_MESSAGE =
            "ciphertext could not be authenticated: wrong key, wrong associated data, or tampered data";

    /** Creates the exception with the generic message only. */
    public DecryptionFailedException() {
        super(GENERIC_MESSAGE);
    }

    /**
     * Creates the exception with a caller-supplied, non-secret description of what was being
     * decrypted, prefixed to the generic message.
     *
     * @param context non-secret description such as {@code "secret value of row 42"}; null or
     *     blank means no context
     */
    public DecryptionFailedException(String context) {
        super(context == null || context.isBlank() ? GENERIC_MESSAGE : context + ": " + GENERIC_MESSAGE);
    }
}
