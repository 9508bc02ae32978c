package dev.coffer.cli.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the rules over text. The keyword pre-filter works on the whole text at once: every keyword is
 * searched with {@link String#indexOf}, which marks the lines (and rules) worth running regexes on; most
 * lines of most files are never matched against any pattern.
 */
final class Detector {
    private static final String[] IGNORE_MARKERS = {"coffer:ignore", "gitleaks:allow"};
    private static final int MAX_KEY_LINES = 200;
    /** How far a private key's body may run on the header's own line (JSON {@code \n} escapes): enough for RSA-8192. */
    private static final int MAX_INLINE_KEY = 16 * 1024;
    /** How far back from the keyword an assignment's name may start. */
    private static final int MAX_NAME = 80;

    private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/=]+");

    private final List<Rule> rules;
    private final Allowlist allowlist;
    /** Each distinct keyword once, with the rules (bit i = rule i) whose pre-filter it satisfies. */
    private final String[] keywords;

    private final long[] keywordRules;

    Detector(List<Rule> rules, Allowlist allowlist) {
        this.rules = rules.stream().filter(r -> !allowlist.ignoresRule(r.id())).toList();
        this.allowlist = allowlist;
        if (this.rules.size() > 64) {
            throw new IllegalArgumentException("at most 64 rules are supported");
        }
        java.util.Map<String, Long> byKeyword = new java.util.LinkedHashMap<>();
        for (int r = 0; r < this.rules.size(); r++) {
            for (String keyword : this.rules.get(r).keywords()) {
                byKeyword.merge(keyword, 1L << r, (a, b) -> a | b);
            }
        }
        // a line with "sk-ant-" also contains "sk-": searching for the shorter keyword is enough for both
        for (String longer : List.copyOf(byKeyword.keySet())) {
            for (String shorter : byKeyword.keySet()) {
                if (!shorter.equals(longer) && longer.contains(shorter)) {
                    byKeyword.merge(shorter, byKeyword.remove(longer), (a, b) -> a | b);
                    break;
                }
            }
        }
        keywords = byKeyword.keySet().toArray(new String[0]);
        keywordRules = byKeyword.values().stream().mapToLong(Long::longValue).toArray();
    }

    Allowlist allowlist() {
        return allowlist;
    }

    /**
     * Scans {@code text}, whose first line is line {@code firstLine} of {@code file}, and hands every
     * finding that the allow-list does not cover to {@code sink}.
     */
    void scan(String file, String text, int firstLine, Finding.Origin origin, Consumer<Finding> sink) {
        if (text.isEmpty()) {
            return;
        }
        Text t = new Text(text);
        long[] masks = new long[t.lineCount()];
        boolean any = false;
        for (int k = 0; k < keywords.length; k++) {
            String keyword = keywords[k];
            for (int idx = t.lower.indexOf(keyword); idx >= 0; ) {
                int line = t.lineOf(idx);
                masks[line] |= keywordRules[k];
                any = true;
                idx = line + 1 < t.lineCount() ? t.lower.indexOf(keyword, t.starts[line + 1]) : -1;
            }
        }
        if (!any) {
            return;
        }
        for (String marker : IGNORE_MARKERS) {
            for (int idx = t.lower.indexOf(marker); idx >= 0; idx = t.lower.indexOf(marker, idx + 1)) {
                masks[t.lineOf(idx)] = 0;
            }
        }
        for (int line = 0; line < masks.length; line++) {
            if (masks[line] != 0) {
                scanLine(t, line, masks[line], file, firstLine + line, origin, sink);
            }
        }
    }

    private void scanLine(
            Text t, int lineIndex, long mask, String file, int lineNo, Finding.Origin origin, Consumer<Finding> sink) {
        String line = t.line(lineIndex);
        List<int[]> taken = new ArrayList<>(2);
        for (int r = 0; r < rules.size(); r++) {
            if ((mask & (1L << r)) == 0) {
                continue;
            }
            Rule rule = rules.get(r);
            for (Pattern pattern : rule.patterns()) {
                Matcher m = pattern.matcher(line);
                while (m.find()) {
                    Candidate c = candidate(rule, m, line, t, lineIndex);
                    if (c == null || overlaps(taken, c.start, c.end)) {
                        continue;
                    }
                    taken.add(new int[] {c.start, c.end});
                    Finding f = Finding.of(rule, file, lineNo, c.start + 1, c.end + 1, c.secret, origin);
                    if (!allowlist.ignores(f)) {
                        sink.accept(f);
                    }
                }
            }
        }
    }

    private record Candidate(int start, int end, String secret) {}

    private static Candidate candidate(Rule rule, Matcher m, String line, Text t, int lineIndex) {
        switch (rule.kind()) {
            case TOKEN -> {
                String secret = m.group("secret");
                return rule.check().accept(secret, m)
                        ? new Candidate(m.start("secret"), m.end("secret"), secret)
                        : null;
            }
            case ASSIGNMENT -> {
                int keywordStart = m.start("keyword");
                int nameStart = keywordStart;
                while (nameStart > 0 && keywordStart - nameStart < MAX_NAME && isNameChar(line.charAt(nameStart - 1))) {
                    nameStart--;
                }
                String name = line.substring(nameStart, m.end("keyword"));
                if (!Heuristics.isSecretName(name)) {
                    return null;
                }
                Assignments.Value v = Assignments.valueAt(line, m.end());
                if (v == null) {
                    return null;
                }
                String value = v.text(line);
                boolean ok = Heuristics.isSecretValue(value, v.quoted(), Heuristics.isPasswordName(name))
                        && rule.check().accept(value, m);
                return ok ? new Candidate(v.start(), v.end(), value) : null;
            }
            case PRIVATE_KEY -> {
                String rest = line.substring(m.end(), Math.min(line.length(), m.end() + MAX_INLINE_KEY));
                String body = keyBody(rest, t, lineIndex);
                return rule.check().accept(body, m) ? new Candidate(m.start(), m.end(), body) : null;
            }
            default -> throw new IllegalStateException(rule.kind().toString());
        }
    }

    /** The base64 body after a private-key header: on the same line (JSON {@code \n} escapes) or the next ones. */
    private static String keyBody(String restOfLine, Text t, int headerLine) {
        StringBuilder body = new StringBuilder();
        String rest = restOfLine.replace("\\r", "").replace("\\n", "\n");
        int end = rest.indexOf("-----END");
        boolean ended = end >= 0;
        for (String piece : (ended ? rest.substring(0, end) : rest).split("\n")) {
            String part = base64Part(piece);
            if (part != null) {
                body.append(part);
            }
        }
        for (int i = headerLine + 1; !ended && i < t.lineCount() && i <= headerLine + MAX_KEY_LINES; i++) {
            String line = t.line(i);
            int endMarker = line.indexOf("-----END");
            if (endMarker >= 0) {
                line = line.substring(0, endMarker);
                ended = true;
            }
            String part = base64Part(line);
            if (part != null) {
                body.append(part);
            } else if (!line.contains(":") && !line.isBlank() && !ended) {
                break;
            }
        }
        return body.toString();
    }

    /** The base64 text of a body line with quotes, string concatenation and {@code \n} escapes removed, or null. */
    private static String base64Part(String line) {
        String s = line.strip();
        if (s.endsWith("\\n")) {
            s = s.substring(0, s.length() - 2);
        }
        int from = 0;
        int to = s.length();
        while (from < to && "\"'`+ \t".indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && "\"'`+,; \t\\".indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        s = s.substring(from, to);
        if (s.endsWith("\\n")) {
            s = s.substring(0, s.length() - 2);
        }
        return !s.isEmpty() && BASE64_LINE.matcher(s).matches() ? s : null;
    }

    /** Characters of a variable or key name ({@code app.api_key}, {@code api-key}, {@code apiKey}). */
    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    private static boolean overlaps(List<int[]> spans, int start, int end) {
        for (int[] span : spans) {
            if (start < span[1] && span[0] < end) {
                return true;
            }
        }
        return false;
    }

    /** Text split into lines lazily, with an ASCII-lower-cased copy of the same length for keyword search. */
    private static final class Text {
        final String text;
        final String lower;
        final int[] starts;

        Text(String text) {
            this.text = text;
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            // positions in the lower-cased copy must be positions in the text: fall back when lengths differ
            this.lower = lower.length() == text.length() ? lower : asciiLower(text);
            int count = 1;
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                count++;
            }
            if (text.endsWith("\n")) {
                count--;
            }
            starts = new int[count];
            int line = 1;
            for (int i = text.indexOf('\n'); i >= 0 && line < count; i = text.indexOf('\n', i + 1)) {
                starts[line++] = i + 1;
            }
        }

        int lineCount() {
            return starts.length;
        }

        int lineOf(int index) {
            int i = java.util.Arrays.binarySearch(starts, index);
            return i >= 0 ? i : -i - 2;
        }

        String line(int i) {
            int end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length();
            if (end > starts[i] && text.charAt(end - 1) == '\n') {
                end--;
            }
            if (end > starts[i] && text.charAt(end - 1) == '\r') {
                end--;
            }
            return text.substring(starts[i], end);
        }

        private static String asciiLower(String s) {
            char[] chars = s.toCharArray();
            for (int i = 0; i < chars.length; i++) {
                char c = chars[i];
                if (c >= 'A' && c <= 'Z') {
                    chars[i] = (char) (c + 32);
                }
            }
            return new String(chars);
        }
    }
}
