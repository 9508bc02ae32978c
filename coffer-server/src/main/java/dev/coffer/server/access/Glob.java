package dev.coffer.server.access;

import java.util.regex.Pattern;

/**
 * A glob from a permission condition, matched against a value from a request. {@code *} matches
 * within one path segment, {@code **} across segments ({@code /app/**} also matches {@code /app}),
 * {@code ?} one character of a segment, {@code {a,b}} either alternative. Only the pattern is
 * interpreted: a value is matched as the literal text it is, so a name holding {@code *} cannot widen
 * a grant.
 */
public final class Glob {

    private static final String QUOTED_SLASH = Pattern.quote("/");

    private final String source;
    private final Pattern pattern;

    private Glob(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** Compiles a glob; throws IllegalArgumentException for unbalanced braces. */
    public static Glob compile(String glob) {
        StringBuilder re = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slashBefore = i > 0 && glob.charAt(i - 1) == '/';
                boolean atEnd = i + 2 == glob.length();
                if (slashBefore && atEnd) {
                    re.setLength(re.length() - QUOTED_SLASH.length()); // the quoted "/" just appended
                    re.append("(?:/.*)?");
                } else {
                    re.append(".*");
                }
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '{') {
                depth++;
                re.append("(?:");
            } else if (c == '}' && depth > 0) {
                depth--;
                re.append(")");
            } else if (c == ',' && depth > 0) {
                re.append("|");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (depth != 0) throw new IllegalArgumentException("unbalanced '{' in glob '" + glob + "'");
        return new Glob(glob, Pattern.compile(re.toString()));
    }

    /**
     * Whether the value matches. A value with a {@code .} or {@code ..} segment never matches: such a
     * path names another place than it spells ({@code /ci/../prod} is {@code /prod}), so no glob may
     * grant it, whatever the caller upstream does with it.
     */
    public boolean matches(String value) {
        return value != null && !dotSegment(value) && pattern.matcher(value).matches();
    }

    private static boolean dotSegment(String value) {
        for (String segment : value.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return source;
    }

    /** Globs are equal when their patterns are (the same pattern compiles to the same matcher). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Glob g && g.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}
