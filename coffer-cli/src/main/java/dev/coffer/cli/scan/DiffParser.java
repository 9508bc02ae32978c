package dev.coffer.cli.scan;

/**
 * Reads the output of {@code git log -p --unified=0} or {@code git diff --cached --unified=0}, one line at
 * a time, and hands each run of added lines to a {@link Sink} with the file, its first line number in the
 * new version and the commit. Commit headers are lines starting with {@code \u0001} followed by
 * {@code <hash>\t<author date>} (the scanner's {@code --format}).
 */
final class DiffParser {

    /** Receives runs of added lines. */
    interface Sink {
        void added(String file, int firstLine, String text, Finding.Origin origin);
    }

    private final Sink sink;
    private final String prefix;
    private Finding.Origin origin = Finding.Origin.NONE;
    private String file;
    private boolean inHunk;
    private int nextLine;
    private int chunkStart;
    private final StringBuilder chunk = new StringBuilder();
    private int commits;
    private int fileChanges;

    /**
     * @param prefix path of the scanned directory inside the repository ({@code git rev-parse --show-prefix}),
     *               stripped from reported paths so they are relative to the scan root
     */
    DiffParser(String prefix, Sink sink) {
        this.prefix = prefix;
        this.sink = sink;
    }

    void line(String line) {
        if (!line.isEmpty() && line.charAt(0) == '\u0001') {
            flush();
            String[] parts = line.substring(1).split("\t", 2);
            origin = new Finding.Origin(parts[0], parts.length > 1 ? parts[1] : null);
            commits++;
            file = null;
            inHunk = false;
        } else if (line.startsWith("diff --git ")) {
            flush();
            file = null;
            inHunk = false;
        } else if (!inHunk && line.startsWith("+++ ")) {
            file = path(line.substring(4));
            if (file != null) {
                fileChanges++;
            }
        } else if (line.startsWith("@@ ")) {
            flush();
            inHunk = file != null;
            nextLine = newStart(line);
            chunkStart = nextLine;
        } else if (inHunk && line.startsWith("+")) {
            chunk.append(line, 1, line.length()).append('\n');
            nextLine++;
        } else if (inHunk && (line.startsWith("-") || line.startsWith("\\"))) {
            // a removed line, or "\ No newline at end of file"
        } else {
            flush();
            inHunk = false;
        }
    }

    /** Hands over the last run; call once the output has ended. */
    void finish() {
        flush();
    }

    int commits() {
        return commits;
    }

    int fileChanges() {
        return fileChanges;
    }

    private void flush() {
        if (chunk.length() > 0) {
            sink.added(file, chunkStart, chunk.toString(), origin);
            chunk.setLength(0);
        }
        chunkStart = nextLine;
    }

    /** The new file's path from {@code +++ b/path}, or null for {@code /dev/null}. */
    private String path(String spec) {
        String s = spec;
        if (s.endsWith("\t")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("\"")) {
            s = unquote(s);
        }
        if (s.equals("/dev/null") || !s.startsWith("b/")) {
            return null;
        }
        s = s.substring(2);
        return !prefix.isEmpty() && s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    /** The start line of the new side from {@code @@ -a,b +c,d @@}. */
    private static int newStart(String header) {
        int plus = header.indexOf('+', 3);
        if (plus < 0) {
            return 1;
        }
        int end = plus + 1;
        while (end < header.length() && Character.isDigit(header.charAt(end))) {
            end++;
        }
        try {
            int start = Integer.parseInt(header.substring(plus + 1, end));
            return Math.max(start, 1);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Undoes git's C-style quoting of unusual paths: {@code "b/a\"b\tc\303\251"}. */
    static String unquote(String quoted) {
        String s = quoted.substring(1, quoted.endsWith("\"") ? quoted.length() - 1 : quoted.length());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                int cp = s.codePointAt(i);
                out.writeBytes(Character.toString(cp).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
                continue;
            }
            char n = s.charAt(++i);
            if (n >= '0' && n <= '7' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i, i + 3), 8));
                i += 2;
            } else {
                out.write(
                        switch (n) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case 'a' -> 7;
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'v' -> 11;
                            default -> n;
                        });
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
