package dev.coffer.cli.scan;

/** Reads the value of an assignment ({@code NAME=value}, {@code name: "value"}, {@code key = 'value'}). */
final class Assignments {

    /** A value on a line: {@code [start, end)} in the line, and whether it was quoted. */
    record Value(int start, int end, boolean quoted) {
        String text(String line) {
            return line.substring(start, end);
        }
    }

    /** Values are read at most this far; longer ones are cut (and then fail the length check of the generic rule). */
    static final int MAX_VALUE = 1024;

    private Assignments() {}

    /**
     * The value that starts at {@code from} (just after the operator and any blanks), or null when there is none.
     * A quoted value runs to the matching quote on the same line; an unquoted one to the first blank, quote,
     * {@code ;}, {@code ,} or closing bracket.
     */
    static Value valueAt(String line, int from) {
        if (from >= line.length()) {
            return null;
        }
        char first = line.charAt(from);
        if (first == '"' || first == '\'' || first == '`') {
            int close = closingQuote(line, from + 1, first);
            return close < 0 || close == from + 1 ? null : new Value(from + 1, close, true);
        }
        int end = from;
        int limit = Math.min(line.length(), from + MAX_VALUE);
        while (end < limit && !endsUnquoted(line.charAt(end))) {
            end++;
        }
        return end == from ? null : new Value(from, end, false);
    }

    private static int closingQuote(String line, int from, char quote) {
        int limit = Math.min(line.length(), from + MAX_VALUE);
        for (int i = from; i < limit; i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsUnquoted(char c) {
        return Character.isWhitespace(c)
                || c == '"'
                || c == '\''
                || c == '`'
                || c == ';'
                || c == ','
                || c == ')'
                || c == ']'
                || c == '}';
    }
}
