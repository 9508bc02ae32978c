package dev.coffer.sdk;

/**
 * Makes text that came from a server (or from any other party the application does not control) safe
 * to put into an exception message or a log line: every control character (C0 including ESC, DEL, C1),
 * format character (bidi overrides and isolates, zero-width characters, BOM), line or paragraph
 * separator and lone surrogate is shown as a visible {@code \}{@code uXXXX} escape (tab, CR and LF
 * become a space), so a terminal or log viewer cannot be steered by it, and the result is cut to a
 * bounded length.
 */
public final class ServerText {

    /** The default bound, in characters, for a server's message. */
    public static final int MAX_MESSAGE = 1000;

    private ServerText() {}

    /** {@link #clean(String, int)} with {@link #MAX_MESSAGE}. */
    public static String clean(String text) {
        return clean(text, MAX_MESSAGE);
    }

    /**
     * The text with unsafe characters escaped and at most {@code maxChars} characters of it kept (a cut
     * is marked with "… (N more characters)"). Null stays null.
     */
    public static String clean(String text, int maxChars) {
        if (text == null) return null;
        StringBuilder sb = new StringBuilder(Math.min(text.length(), maxChars) + 16);
        int i = 0;
        while (i < text.length() && sb.length() < maxChars) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t' || cp == '\n' || cp == '\r') {
                sb.append(' ');
            } else if (unsafe(cp)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        }
        if (i < text.length()) {
            sb.append("… (").append(text.length() - i).append(" more characters)");
        }
        return sb.toString();
    }

    private static boolean unsafe(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
