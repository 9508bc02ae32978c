package dev.coffer.server.http;

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
}
