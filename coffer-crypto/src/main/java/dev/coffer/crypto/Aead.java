package dev.coffer.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM authenticated encryption with a random 96-bit IV per message.
 *
 * <p>Sealed format: {@code iv (12 bytes) || ciphertext (same length as plaintext) || tag (16 bytes)},
 * so a blob is always exactly 28 bytes longer than its plaintext. Associated data is authenticated
 * but not stored; {@code null} associated data is treated as empty.
 *
 * <p>Contract and errors:
 * <ul>
 *   <li>{@link #of} requires a key of exactly 32 bytes, else {@link IllegalArgumentException}
 *       naming the length given; the key is copied, so later changes to the caller's array have
 *       no effect.
 *   <li>{@link #open} throws {@link DecryptionFailedException} if the blob is shorter than 28 bytes,
 *       was modified, or was sealed under a different key or different associated data.
 *   <li>Null key, plaintext or blob give {@link NullPointerException}.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. Random IVs limit one key to about 2<sup>32</sup>
 * messages before the IV-collision risk becomes unacceptable (NIST SP 800-38D). {@link #toString}
 * never reveals the key.
 */
public final class Aead {

    static final int KEY_LENGTH = 32;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    // Cipher.getInstance costs about as much as a whole small seal, and a Cipher is not
    // thread-safe. A ThreadLocal would be re-created for every virtual thread (one per request
    // in Helidon 4), so idle Ciphers are pooled instead. Borrowing happens only around CPU-bound
    // work with no blocking, so the pool grows to about the number of cores, not of requests.
    // Ciphers are not bound to a key: every use starts with init().
    private static final ConcurrentLinkedDeque<Cipher> POOL = new ConcurrentLinkedDeque<>();

    private final SecretKeySpec key;

    private Aead(SecretKeySpec key) {
        this.key = key;
    }

    /**
     * Creates an AEAD for a 256-bit key.
     *
     * @throws IllegalArgumentException if {@code key} is not exactly 32 bytes long
     */
    public static Aead of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "AES-256-GCM key must be " + KEY_LENGTH + " bytes, but " + key.length + " bytes were given");
        }
        return new Aead(new SecretKeySpec(key, "AES")); // SecretKeySpec stores a clone
    }

    /** Encrypts and authenticates {@code plaintext}; returns {@code iv || ciphertext || tag}. */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        return seal(new byte[0], plaintext, associatedData);
    }

    /**
     * Like {@link #seal(byte[], byte[])} but returns {@code prefix || iv || ciphertext || tag}, for
     * formats that put a header before the sealed blob (the prefix is not authenticated unless it is
     * also part of the associated data).
     */
    public byte[] seal(byte[] prefix, byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(plaintext, "plaintext");
        // Drawn before borrowing: the shared SecureRandom may lock, and a borrowed Cipher
        // should not be held while waiting.
        byte[] iv = SecureRandoms.bytes(IV_LENGTH);
        Cipher cipher = borrow();
        try {
            return encrypt(cipher, prefix, iv, plaintext, associatedData);
        } finally {
            POOL.offerFirst(cipher);
        }
    }

    /** Seals with a caller-chosen IV. Only for known-answer tests: reusing an IV breaks GCM. */
    byte[] sealWithIv(byte[] iv, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(iv, "iv");
        Objects.requireNonNull(plaintext, "plaintext");
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("IV must be " + IV_LENGTH + " bytes, was " + iv.length);
        }
        // A fresh Cipher, because the JDK refuses to encrypt twice in a row with the same key and
        // IV on one Cipher, which repeated known-answer tests would do to a pooled one.
        return encrypt(newCipher(), new byte[0], iv.clone(), plaintext, aad);
    }

    /**
     * Verifies and decrypts a blob produced by {@link #seal} under the same key and associated data.
     *
     * @throws DecryptionFailedException if the blob is too short, tampered, or the key or
     *     associated data differ
     */
    public byte[] open(byte[] sealed, byte[] associatedData) {
        return open(sealed, 0, associatedData);
    }

    /** Like {@link #open(byte[], byte[])} for a blob that starts at {@code offset} (after a header). */
    public byte[] open(byte[] sealed, int offset, byte[] associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        if (offset < 0 || sealed.length - offset < IV_LENGTH + TAG_LENGTH) {
            throw new DecryptionFailedException();
        }
        Cipher cipher = borrow();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, sealed, offset, IV_LENGTH));
            updateAad(cipher, associatedData);
            return cipher.doFinal(sealed, offset + IV_LENGTH, sealed.length - offset - IV_LENGTH);
        } catch (AEADBadTagException e) {
            throw new DecryptionFailedException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption could not run", e);
        } finally {
            POOL.offerFirst(cipher);
        }
    }

    private byte[] encrypt(Cipher cipher, byte[] prefix, byte[] iv, byte[] plaintext, byte[] aad) {
        byte[] out = new byte[prefix.length + IV_LENGTH + plaintext.length + TAG_LENGTH];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(iv, 0, out, prefix.length, IV_LENGTH);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            updateAad(cipher, aad);
            cipher.doFinal(plaintext, 0, plaintext.length, out, prefix.length + IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption could not run", e);
        }
        return out;
    }

    private static void updateAad(Cipher cipher, byte[] aad) {
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
    }

    private static Cipher borrow() {
        Cipher cipher = POOL.pollFirst();
        return cipher != null ? cipher : newCipher();
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + TRANSFORMATION, e);
        }
    }

    @Override
    public String toString() {
        return "Aead[AES-256-GCM]";
    }
}
