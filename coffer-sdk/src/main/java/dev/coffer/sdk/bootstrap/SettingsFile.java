package dev.coffer.sdk.bootstrap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A minimal parser for {@code .env}-style settings files: {@code KEY=value} lines, an optional
 * {@code export } prefix, single- or double-quoted values (double quotes understand {@code \n},
 * {@code \t}, {@code \"} and {@code \\}), whole-line comments and {@code #} comments after
 * whitespace in unquoted values. Only the keys asked for are kept; every other line is dropped
 * unread, so nothing else in the file can become a secret. Malformed lines are skipped; messages
 * never quote a line, since a line may hold a secret.
 */
final class SettingsFile {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** What was kept, and how many lines were skipped as malformed. */
    record Parsed(Map<String, String> values, int ignoredKeys, List<Integer> malformedLines) {}

    private SettingsFile() {}

    static Parsed parse(String text, Set<String> wanted) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Integer> malformed = new java.util.ArrayList<>();
        int ignored = 0;
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ") || line.startsWith("export\t"))
                line = line.substring(7).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) {
                malformed.add(i + 1);
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                malformed.add(i + 1);
                continue;
            }
            if (!wanted.contains(key)) {
                ignored++;
                continue;
            }
            String value = value(line.substring(eq + 1).strip());
            if (value == null) {
                malformed.add(i + 1);
                continue;
            }
            out.put(key, value); // a later line wins, as in shells
        }
        return new Parsed(out, ignored, List.copyOf(malformed));
    }

    /** The value of the text after '=', or null when a quote is not closed. */
    private static String value(String raw) {
        if (raw.startsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') return trailingIsComment(raw.substring(i + 1)) ? sb.toString() : null;
                if (c == '\\' && i + 1 < raw.length()) {
                    char n = raw.charAt(++i);
                    switch (n) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case '"', '\\', '$' -> sb.append(n);
                        default -> sb.append('\\').append(n);
                    }
                } else {
                    sb.append(c);
                }
            }
            return null;
        }
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) return null;
            return trailingIsComment(raw.substring(end + 1)) ? raw.substring(1, end) : null;
        }
        // unquoted: a '#' after whitespace starts a comment
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && i > 0 && Character.isWhitespace(raw.charAt(i - 1))) {
                return raw.substring(0, i).strip();
            }
        }
        return raw;
    }

    private static boolean trailingIsComment(String rest) {
        String r = rest.strip();
        return r.isEmpty() || r.startsWith("#");
    }
}
