package dev.coffer.crypto;

import java.util.HexFormat;
import java.util.Objects;

/**
 * Hexadecimal encoding of byte arrays.
 *
 * <p>{@link #encode} produces lowercase hex. {@link #decode} accepts upper- and lowercase ASCII
 * hex digits only and throws {@link IllegalArgumentException} on an odd length or a non-hex
 * character. Error messages give the length or the index of the offending character, never the
 * input, because the input is often a key.
 */
public final class Hex {

    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {}

    /**
     * Encodes bytes as lowercase hex.
     *
     * @throws NullPointerException if {@code bytes} is null
     */
    public static String encode(byte[] bytes) {
        return LOWER.formatHex(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * Decodes a hex string (either case) to bytes; the empty string gives an empty array.
     *
     * @throws IllegalArgumentException if the length is odd or a character is not a hex digit
     * @throws NullPointerException if {@code hex} is null
     */
    public static byte[] decode(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("hex string has odd length " + hex.length());
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(hex, 2 * i) << 4) | digit(hex, 2 * i + 1));
        }
        return out;
    }

    // Not Character.digit: it also accepts non-ASCII digits such as FULLWIDTH DIGIT ONE.
    // HexFormat.parseHex is avoided because its message quotes the offending character.
    private static int digit(String hex, int index) {
        char c = hex.charAt(index);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new IllegalArgumentException("non-hex character at index " + index);
    }
}
