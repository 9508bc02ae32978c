package dev.coffer.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What no text in a request may hold: U+0000 (PostgreSQL cannot store it) and a lone UTF-16 surrogate
 * (a {@code \ud800} escape without its pair, which UTF-8 cannot encode: it would be stored as {@code ?},
 * so what Coffer stored would differ from what it acknowledged). Checked once, where requests are read.
 */
final class Text {

    private Text() {}

    /** What is wrong with {@code s} ("NUL (U+0000) characters", …), or null when nothing is. */
    static String problem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') return "NUL (U+0000) characters";
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "lone UTF-16 surrogates (a \\uD800-\\uDFFF escape without its pair); send valid Unicode";
            }
        }
        return null;
    }

    /**
     * Percent-decodes {@code s} as UTF-8, strictly: an escape that is not two hex digits, or bytes that
     * are not UTF-8 (such as {@code %C3%28}, or an encoded surrogate {@code %ED%A0%80}), are refused
     * instead of being replaced by U+FFFD, which would make Coffer act on a name the client never sent.
     *
     * @param plusIsSpace whether {@code +} means a space (query strings) or itself (paths)
     * @throws IllegalArgumentException when {@code s} cannot be decoded
     */
    static String percentDecode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0) return plusIsSpace ? s.replace('+', ' ') : s;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) throw new IllegalArgumentException("a '%' without two hex digits");
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new IllegalArgumentException("a '%' without two hex digits");
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("bytes that are not UTF-8", e);
        }
    }
}
