package dev.coffer.cli.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What not to report, read from {@code .cofferscanignore} (or {@code --allowlist FILE}). One entry a line:
 * <ul>
 *   <li>{@code rule:<ruleId>} — never report that rule;</li>
 *   <li>a 16-hex-digit fingerprint as printed by the scanner (optionally {@code fingerprint:<hex>}) —
 *       never report that secret in that file, in any commit;</li>
 *   <li>anything else is a path glob relative to the scan root: {@code docs/**}, {@code *.md},
 *       {@code test/fixtures/} — {@code *} stays within a directory, {@code **} crosses directories,
 *       a pattern without {@code /} matches at any depth, and a directory match covers everything under it.</li>
 * </ul>
 * Blank lines and lines starting with {@code #} are ignored.
 */
public final class Allowlist {
    /** The allow-list file looked for at the scan root when {@code --allowlist} is not given. */
    public static final String DEFAULT_FILE = ".cofferscanignore";

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");

    private final List<Pattern> globs;
    private final Set<String> rules;
    private final Set<String> fingerprints;

    private Allowlist(List<Pattern> globs, Set<String> rules, Set<String> fingerprints) {
        this.globs = List.copyOf(globs);
        this.rules = Set.copyOf(rules);
        this.fingerprints = Set.copyOf(fingerprints);
    }

    /** An allow-list that allows nothing. */
    public static Allowlist empty() {
        return new Allowlist(List.of(), Set.of(), Set.of());
    }

    /** Reads an allow-list file; unknown rule ids are reported to {@code warnings}. */
    public static Allowlist load(Path file, Consumer<String> warnings) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), warnings);
    }

    /** Parses allow-list lines. */
    public static Allowlist parse(List<String> lines, Consumer<String> warnings) {
        List<Pattern> globs = new ArrayList<>();
        Set<String> rules = new HashSet<>();
        Set<String> fingerprints = new HashSet<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("rule:")) {
                String id = line.substring("rule:".length()).strip();
                if (Rules.byId(id).isEmpty()) {
                    warnings.accept("allow-list names an unknown rule: " + id);
                }
                rules.add(id);
            } else if (line.startsWith("fingerprint:")) {
                fingerprints.add(line.substring("fingerprint:".length()).strip().toLowerCase(java.util.Locale.ROOT));
            } else if (FINGERPRINT.matcher(line).matches()) {
                fingerprints.add(line);
            } else {
                globs.add(globToRegex(line));
            }
        }
        return new Allowlist(globs, rules, fingerprints);
    }

    /** Whether every finding in this path (relative, {@code /}-separated) is allowed. */
    public boolean ignoresPath(String path) {
        if (globs.isEmpty()) {
            return false;
        }
        for (int slash = path.indexOf('/'); ; slash = path.indexOf('/', slash + 1)) {
            String prefix = slash < 0 ? path : path.substring(0, slash);
            for (Pattern glob : globs) {
                if (glob.matcher(prefix).matches()) {
                    return true;
                }
            }
            if (slash < 0) {
                return false;
            }
        }
    }

    /** Whether findings of this rule are allowed everywhere. */
    public boolean ignoresRule(String ruleId) {
        return rules.contains(ruleId);
    }

    /** Whether this finding is allowed by its path, its rule or its fingerprint. */
    public boolean ignores(Finding finding) {
        return ignoresRule(finding.ruleId())
                || fingerprints.contains(finding.fingerprint())
                || ignoresPath(finding.file());
    }

    static Pattern globToRegex(String glob) {
        String g = glob.replace('\\', '/');
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        boolean anchored =
                g.startsWith("/") || g.substring(0, Math.max(0, g.length() - 1)).contains("/");
        if (g.startsWith("/")) {
            g = g.substring(1);
        }
        if (g.endsWith("/")) {
            g = g.substring(0, g.length() - 1);
        }
        StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
        int braces = 0;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < g.length() && g.charAt(i + 2) == '/';
                re.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int close = g.indexOf(']', i + 1);
                if (close < 0) {
                    re.append("\\[");
                } else {
                    String body = g.substring(i + 1, close);
                    if (body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    re.append('[')
                            .append(body.replace("\\", "\\\\").replace("[", "\\["))
                            .append(']');
                    i = close;
                }
            } else if (c == '{') {
                braces++;
                re.append("(?:");
            } else if (c == '}' && braces > 0) {
                braces--;
                re.append(')');
            } else if (c == ',' && braces > 0) {
                re.append('|');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        re.append(")".repeat(braces));
        return Pattern.compile(re.toString());
    }
}
