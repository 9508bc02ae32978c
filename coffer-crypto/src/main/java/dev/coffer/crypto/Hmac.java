package dev.coffer.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a fixed key.
 *
 * <p>{@link #sha256} copies the key and rejects a null key ({@link NullPointerException}) or an
 * empty one ({@link IllegalArgumentException}). {@link #mac} returns the 32-byte tag and throws
 * {@link NullPointerException} on null input. Compare tags with {@link ConstantTime#equals}, never
 * {@code Arrays.equals}. Instances are immutable and thread-safe; {@link #toString} never reveals
 * the key.
 */
public final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    // Creating and keying a Mac costs more than a short MAC itself, and a Mac is not
    // thread-safe; idle keyed Macs are pooled per instance (see Aead for why not ThreadLocal).
    private final ConcurrentLinkedDeque<Mac> pool = new ConcurrentLinkedDeque<>();

    private Hmac(SecretKeySpec key) {
        this.key = key;
    }

    /**
     * Creates an HMAC-SHA256 keyed with a copy of {@code key}.
     *
     * @throws IllegalArgumentException if {@code key} is empty
     */
    public static Hmac sha256(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("HMAC key must not be empty");
        }
        return new Hmac(new SecretKeySpec(key, ALGORITHM)); // SecretKeySpec stores a clone
    }

    /** Returns the 32-byte HMAC-SHA256 of {@code data}. */
    public byte[] mac(byte[] data) {
        Objects.requireNonNull(data, "data");
        Mac mac = pool.pollFirst();
        if (mac == null) {
            mac = newMac();
        }
        byte[] tag = mac.doFinal(data);
        // Returned only after success: doFinal resets the Mac, an exception might not have.
        pool.offerFirst(mac);
        return tag;
    }

    /** Returns the 32-byte HMAC-SHA256 of the UTF-8 encoding of {@code utf8}. */
    public byte[] mac(String utf8) {
        Objects.requireNonNull(utf8, "utf8");
        return mac(utf8.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "Hmac[HmacSHA256]";
    }
}
