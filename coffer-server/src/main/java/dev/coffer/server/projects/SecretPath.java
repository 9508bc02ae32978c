package dev.coffer.server.projects;

import dev.coffer.server.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated folder path such as {@code /} or {@code /app/db}. Paths are rejected, never
 * normalised: {@code ..}, {@code .}, empty segments ({@code //}), backslashes, and segment names
 * outside {@code [A-Za-z0-9_-]} all fail with 400, so no spelling of a path can reach another folder.
 * A missing leading slash is added and one trailing slash is dropped, as Infisical does.
 */
public record SecretPath(List<String> segments) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final SecretPath ROOT = new SecretPath(List.of());
    static final int MAX_DEPTH = 32;

    public SecretPath {
        segments = List.copyOf(segments);
    }

    public static SecretPath parse(String raw) {
        if (raw == null || raw.equals("/") || raw.isEmpty()) return ROOT;
        String p = raw.startsWith("/") ? raw.substring(1) : raw;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty()) throw invalid(raw, "it has an empty segment");
        List<String> segs = new ArrayList<>();
        for (String s : p.split("/", -1)) {
            if (s.isEmpty()) throw invalid(raw, "it has an empty segment ('//')");
            if (s.equals(".") || s.equals("..")) throw invalid(raw, "'.' and '..' are not allowed");
            if (s.indexOf('\\') >= 0) throw invalid(raw, "backslashes are not allowed");
            if (!NAME.matcher(s).matches()) {
                throw invalid(raw, "folder names may only hold letters, digits, '-' and '_' (1 to 64 characters)");
            }
            segs.add(s);
        }
        if (segs.size() > MAX_DEPTH) throw invalid(raw, "it is deeper than " + MAX_DEPTH + " folders");
        return new SecretPath(segs);
    }

    /** Validates one folder name. */
    public static String folderName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiException.BadRequest("Invalid folder name '" + (name == null ? "" : abbreviate(name))
                    + "': only letters, digits, '-' and '_' are allowed (1 to 64 characters).");
        }
        return name;
    }

    public SecretPath child(String name) {
        List<String> s = new ArrayList<>(segments);
        s.add(name);
        return new SecretPath(s);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** Whether this path is {@code other} or lies below it. */
    public boolean within(SecretPath other) {
        return segments.size() >= other.segments.size()
                && segments.subList(0, other.segments.size()).equals(other.segments);
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }

    private static ApiException invalid(String raw, String why) {
        return new ApiException.BadRequest(
                "Invalid secret path '" + abbreviate(raw) + "': " + why + ". Use a path like / or /app/db.");
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
