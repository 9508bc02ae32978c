package dev.coffer.server.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .env} text a person pastes: {@code KEY=value} lines, {@code export KEY=value}, comments
 * and blank lines; a value in double quotes may span lines and knows {@code \n}, {@code \"} and
 * {@code \\}; single quotes are literal. A line that is none of these is skipped with the reason.
 * Written back the same way by {@link #write}.
 */
final class DotEnv {

    /** The pairs in order (a repeated key: the last wins) and the lines skipped, by line number. */
    record Parsed(Map<String, String> values, List<String> skipped) {}

    private DotEnv() {}

    static Parsed parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (eq <= 0 || !key.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
                skipped.add("line " + (i + 1) + ": not KEY=value");
                continue;
            }
            String rest = line.substring(eq + 1).strip();
            if (rest.startsWith("\"")) {
                StringBuilder raw = new StringBuilder(rest.substring(1));
                int start = i;
                while (closingQuote(raw) < 0 && i + 1 < lines.length)
                    raw.append('\n').append(lines[++i]);
                int close = closingQuote(raw);
                if (close < 0) {
                    skipped.add("line " + (start + 1) + ": " + key + " (its opening \" is never closed)");
                    continue;
                }
                values.put(key, unescape(raw.substring(0, close)));
            } else if (rest.startsWith("'")) {
                int close = rest.indexOf('\'', 1);
                if (close < 0) {
                    skipped.add("line " + (i + 1) + ": " + key + " (its opening ' is never closed)");
                    continue;
                }
                values.put(key, rest.substring(1, close));
            } else {
                int hash = rest.indexOf(" #");
                values.put(key, (hash >= 0 ? rest.substring(0, hash) : rest).strip());
            }
        }
        return new Parsed(values, skipped);
    }

    private static int closingQuote(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') return i;
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(
                        switch (n) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** One {@code KEY="value"} line per pair, the value in double quotes with its escapes. */
    static String write(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(e.getKey()).append("=\"");
            for (char c : e.getValue().toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(c);
                }
            }
            sb.append("\"\n");
        }
        return sb.toString();
    }
}
