package dev.coffer.server.keys;

import dev.coffer.crypto.Aead;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Seals what a cache keeps in memory under a key made at start and never written anywhere, so that a
 * heap dump, a swapped page or a core file shows ciphertext, not the secrets a cache holds. It ends
 * with the process: nothing sealed with it can outlive the server.
 */
public final class MemorySeal {

    private static final byte[] AAD = "coffer memory seal v1".getBytes(StandardCharsets.US_ASCII);

    private final Aead aead;

    public MemorySeal() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.aead = Aead.of(key);
        java.util.Arrays.fill(key, (byte) 0);
    }

    public byte[] seal(byte[] plaintext) {
        return aead.seal(plaintext, AAD);
    }

    /** The plaintext of what {@link #seal} returned in this process. */
    public byte[] open(byte[] sealed) {
        return aead.open(sealed, AAD);
    }

    @Override
    public String toString() {
        return "MemorySeal[key hidden]";
    }
}
