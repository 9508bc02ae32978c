package dev.coffer.formats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the contents of a {@code .env} file into key/value entries, the way the real-world tools
 * (dotenv for Node, python-dotenv, Docker Compose) read them, without ever interpolating anything.
 *
 * <p>Parsing never fails: lines that cannot be read are reported as {@link Problem}s with their line
 * number and skipped, and everything else is still returned. No message ever contains a value (or
 * the text of a line that could not be read, since that text may be a pasted secret); keys that are
 * syntactically valid may be named.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li><b>Line endings.</b> {@code \n}, {@code \r\n} and a lone {@code \r} all end a line, and a
 *       line break inside a quoted value is read as {@code \n} whatever the file used. A UTF-8 byte
 *       order mark ({@code U+FEFF}) at the very start of the content is ignored. Line numbers start
 *       at 1.</li>
 *   <li><b>Blank lines and comments.</b> Lines that are empty, only spaces/tabs, or whose first
 *       non-blank character is {@code #} are ignored.</li>
 *   <li><b>Assignments.</b> {@code KEY=value}, optionally preceded by {@code export} and at least one
 *       space or tab ({@code export KEY=value}). Spaces and tabs are allowed before the key, around
 *       the {@code =} and (for the export prefix) between {@code export} and the key. A line whose key
 *       is literally {@code export} ({@code export=value}, {@code export = value}) assigns the key
 *       {@code export}. Keys must match {@code [A-Za-z_][A-Za-z0-9_.-]*}; keys are case-sensitive.
 *       "Whitespace" in this parser always means space and tab only.</li>
 *   <li><b>Unquoted values</b> run to the end of the line. An inline comment starts at the first
 *       {@code #} that is preceded by a space or tab (so {@code KEY=a#b} is {@code a#b}, {@code
 *       KEY=#a} is {@code #a}, but {@code KEY= #a} is empty and {@code KEY=a #b} is {@code a}). The
 *       value is then trimmed of spaces and tabs. Quote characters that do not start the value are
 *       ordinary characters ({@code KEY=it's} is {@code it's}).</li>
 *   <li><b>Single-quoted values</b> ({@code 'value'}) are literal: no escapes at all. They may span
 *       lines. As in a shell, {@code '\''} inside one stands for a single quote (it closes the quotes,
 *       adds an escaped quote and opens them again), so {@code KEY='it'\''s'} is {@code it's}.</li>
 *   <li><b>Backtick-quoted values</b> ({@code `value`}) behave exactly like single-quoted ones.</li>
 *   <li><b>Double-quoted values</b> ({@code "value"}) may span lines and understand the escapes
 *       {@code \n \r \t \" \\ \$}. Any other backslash sequence (for example {@code \a}, {@code \'},
 *       <code>&#92;u00e9</code> or a backslash before a real line break) is kept as-is, backslash included.</li>
 *   <li>After the closing quote, only spaces/tabs and optionally a comment may follow on that line.
 *       The comment may start right after the quote ({@code KEY="a"#note}). Any other text there is
 *       a problem and the entry is skipped (it is ambiguous what was meant).</li>
 *   <li><b>Empty values:</b> {@code KEY=}, {@code KEY= # comment}, {@code KEY=""}, {@code KEY=''}.</li>
 *   <li><b>No interpolation.</b> {@code ${VAR}} and {@code $VAR} are kept literally in every kind of
 *       value (Coffer's own secret references use the {@code ${...}} syntax). In double quotes,
 *       {@code \$} reads as a plain {@code $}.</li>
 * </ul>
 *
 * <h2>Problems</h2>
 * <ul>
 *   <li>A line with no {@code =} (for example {@code not a line}, {@code KEY value} or a bare
 *       {@code export KEY}), an empty key ({@code =value}) or an invalid key ({@code 1KEY=x},
 *       {@code MY KEY=x}) is a problem on that line; the line is skipped.</li>
 *   <li>A quote that is never closed before the end of the content is a problem on the line where
 *       the quote opened. That entry is skipped and parsing resumes on the line after the one where
 *       the quote opened, so a single stray quote does not swallow the rest of the file.</li>
 * </ul>
 *
 * <h2>Duplicates</h2>
 * A key assigned more than once is reported as a {@link Duplicate} for every repeat (each naming the
 * first line and the repeating line). The <b>last value wins</b>, as when a shell sources the file.
 * The entry keeps the position (in {@link ParseResult#entries()}) of the key's first occurrence, and
 * its {@link Entry#line()} is the line whose value won (the last occurrence).
 *
 * <p>Only assignments that parsed cleanly count: a line that is reported as a problem never
 * creates or overrides an entry and is never part of a duplicate.
 */
public final class DotenvParser {

    /** Valid key names, as accepted by this parser and required by {@link ExportFormat#DOTENV}. */
    public static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private static final Pattern EXPORT_PREFIX = Pattern.compile("export[ \\t]+(.*)", Pattern.DOTALL);

    private DotenvParser() {}

    /**
     * One assignment read from the file.
     *
     * @param key   the key, matching {@link #KEY}
     * @param value the value, exactly as it should be stored (quotes removed, escapes applied)
     * @param line  the 1-based line on which the assignment whose value this is starts (for a
     *              duplicated key: the last occurrence)
     */
    public record Entry(String key, String value, int line) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        /** Never shows the value. */
        @Override
        public String toString() {
            return "Entry[key=" + key + ", value=<redacted>, line=" + line + "]";
        }
    }

    /**
     * A line that could not be read. The message says what was wrong and what to do, and never
     * contains a value or the text of the line.
     *
     * @param line    the 1-based line number (for an unterminated quote: where the quote opened)
     * @param message what was wrong and how to fix it, without a line number or file name prefix
     */
    public record Problem(int line, String message) {
        public Problem {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A key assigned again. The value from the later line replaces the earlier one.
     *
     * @param key           the repeated key
     * @param firstLine     the line of the key's first assignment
     * @param duplicateLine the line of this repeated assignment
     */
    public record Duplicate(String key, int firstLine, int duplicateLine) {
        public Duplicate {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The outcome of parsing one file.
     *
     * @param entries    one entry per key, in the order of each key's first occurrence, holding the
     *                   value of its last occurrence
     * @param problems   lines that could not be read, in line order
     * @param duplicates every repeated assignment, in the order of the repeating lines
     * @param sourceName the name given to {@link #parse(String, String)} (for messages)
     */
    public record ParseResult(
            List<Entry> entries, List<Problem> problems, List<Duplicate> duplicates, String sourceName) {
        public ParseResult {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
            duplicates = List.copyOf(duplicates);
            Objects.requireNonNull(sourceName, "sourceName");
        }
    }

    /**
     * Parses {@code .env} content. See the class documentation for the exact syntax.
     *
     * @param content    the whole file content (already decoded from UTF-8)
     * @param sourceName a name for the content, usually the file path; only carried into the result
     * @return entries, problems and duplicates; never throws for bad content
     * @throws NullPointerException if an argument is null
     */
    public static ParseResult parse(String content, String sourceName) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(sourceName, "sourceName");
        return new Parser(normalize(content)).run(sourceName);
    }

    /** Drops a leading BOM and turns every CRLF and lone CR into LF. */
    private static String normalize(String content) {
        String s = content.startsWith("\uFEFF") ? content.substring(1) : content;
        if (s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static String trimBlanks(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** A single pass over normalized content. */
    private static final class Parser {
        private final String s;
        private final int n;
        private final List<Problem> problems = new ArrayList<>();
        private final List<Duplicate> duplicates = new ArrayList<>();
        private final Map<String, Entry> byKey = new LinkedHashMap<>();
        private final Map<String, Integer> firstLine = new LinkedHashMap<>();

        /** Start of the current physical line, and its 1-based number. */
        private int pos;

        private int line = 1;

        Parser(String s) {
            this.s = s;
            this.n = s.length();
        }

        ParseResult run(String sourceName) {
            while (pos < n) {
                statement();
            }
            return new ParseResult(new ArrayList<>(byKey.values()), problems, duplicates, sourceName);
        }

        private int endOfLine(int from) {
            int eol = s.indexOf('\n', from);
            return eol < 0 ? n : eol;
        }

        /** Moves to the start of the line after the one that ends at {@code eol}. */
        private void nextLineAfter(int eol, int lineOfEol) {
            pos = eol + 1;
            line = lineOfEol + 1;
        }

        private void statement() {
            int eol = endOfLine(pos);
            String raw = s.substring(pos, eol);
            String content = trimBlanks(raw);
            if (content.isEmpty() || content.charAt(0) == '#') {
                nextLineAfter(eol, line);
                return;
            }
            int eq = raw.indexOf('=');
            if (eq < 0) {
                problem(
                        line,
                        "this line is not a KEY=value assignment (there is no '='); write it as "
                                + "KEY=value, or start it with '#' to make it a comment");
                nextLineAfter(eol, line);
                return;
            }
            String key = trimBlanks(raw.substring(0, eq));
            Matcher export = EXPORT_PREFIX.matcher(key);
            if (export.matches()) {
                key = trimBlanks(export.group(1));
            }
            if (key.isEmpty()) {
                problem(
                        line,
                        "there is no key before the '='; write it as KEY=value, or start the line "
                                + "with '#' to make it a comment");
                nextLineAfter(eol, line);
                return;
            }
            if (!KEY.matcher(key).matches()) {
                problem(
                        line,
                        "the key before the '=' is not a valid name; keys must start with a letter "
                                + "or '_' and contain only letters, digits, '_', '.' and '-' (no spaces); rename it");
                nextLineAfter(eol, line);
                return;
            }
            int v = pos + eq + 1;
            while (v < eol && isBlank(s.charAt(v))) {
                v++;
            }
            char quote = v < eol ? s.charAt(v) : 0;
            if (quote == '"' || quote == '\'' || quote == '`') {
                quoted(key, quote, v, eol);
            } else {
                String value = unquoted(raw.substring(eq + 1));
                put(key, value, line);
                nextLineAfter(eol, line);
            }
        }

        /** Strips an inline comment (a '#' preceded by a space or tab) and trims. */
        private static String unquoted(String afterEquals) {
            for (int i = 1; i < afterEquals.length(); i++) {
                if (afterEquals.charAt(i) == '#' && isBlank(afterEquals.charAt(i - 1))) {
                    return trimBlanks(afterEquals.substring(0, i));
                }
            }
            return trimBlanks(afterEquals);
        }

        /** Reads a quoted value whose opening quote is at {@code open}; may span lines. */
        private void quoted(String key, char quote, int open, int eolOfOpeningLine) {
            int startLine = line;
            StringBuilder value = new StringBuilder();
            int i = open + 1;
            int close = -1;
            int newlines = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (c == quote && quote == '\'' && s.startsWith("'\\''", i)) {
                    value.append('\'');
                    i += 4;
                    continue;
                }
                if (c == quote) {
                    close = i;
                    break;
                }
                if (c == '\n') {
                    newlines++;
                }
                if (c == '\\' && quote == '"') {
                    if (i + 1 >= n) {
                        break; // a backslash as the very last character: the quote is never closed
                    }
                    char next = s.charAt(i + 1);
                    switch (next) {
                        case 'n' -> value.append('\n');
                        case 'r' -> value.append('\r');
                        case 't' -> value.append('\t');
                        case '"' -> value.append('"');
                        case '\\' -> value.append('\\');
                        case '$' -> value.append('$');
                        default -> {
                            value.append('\\').append(next); // unknown escape: kept as written
                            if (next == '\n') {
                                newlines++;
                            }
                        }
                    }
                    i += 2;
                    continue;
                }
                value.append(c);
                i++;
            }
            if (close < 0) {
                String name = quote == '"' ? "double quote (\")" : quote == '\'' ? "single quote (')" : "backtick (`)";
                problem(
                        startLine,
                        "the " + name + " that opens the value of " + key + " on line " + startLine
                                + " is never closed; add the closing " + quote + " where the value ends (values in "
                                + "quotes may span lines). " + key + " was skipped");
                nextLineAfter(eolOfOpeningLine, startLine);
                return;
            }
            int closingLine = startLine + newlines;
            int eol = endOfLine(close + 1);
            String rest = trimBlanks(s.substring(close + 1, eol));
            if (!rest.isEmpty() && rest.charAt(0) != '#') {
                problem(
                        closingLine,
                        "there is text after the closing " + quote + " of the value of " + key
                                + (closingLine == startLine ? "" : " (which starts on line " + startLine + ")")
                                + "; remove it, put the whole value inside the quotes, or start a comment with '#'. "
                                + key + " was skipped");
            } else {
                put(key, value.toString(), startLine);
            }
            nextLineAfter(eol, closingLine);
        }

        private void put(String key, String value, int at) {
            Integer first = firstLine.putIfAbsent(key, at);
            if (first != null) {
                duplicates.add(new Duplicate(key, first, at));
            }
            // replacing the value of an existing key keeps its position in the LinkedHashMap
            byKey.put(key, new Entry(key, value, at));
        }

        private void problem(int at, String message) {
            problems.add(new Problem(at, message));
        }
    }
}
