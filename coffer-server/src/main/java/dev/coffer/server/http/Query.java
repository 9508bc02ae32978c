package dev.coffer.server.http;

import dev.coffer.server.errors.ApiException;
import java.util.Map;

/**
 * Query parameters. An empty value counts as absent (Go clients send {@code workspaceSlug=});
 * booleans are the strings "true" and "false", anything else is a 422.
 */
public final class Query {

    private final Map<String, String> values;

    public Query(Map<String, String> values) {
        this.values = values;
    }

    /** The first non-empty value of the first of {@code names} that is present, or null. */
    public String get(String... names) {
        for (String n : names) {
            String v = values.get(n);
            if (v != null && v.indexOf('\0') >= 0) {
                throw new ApiException.Validation(
                        n, "Query parameter '" + n + "' must not contain NUL (U+0000) characters.");
            }
            if (v != null && !v.isEmpty()) return v;
        }
        return null;
    }

    public String required(String name) {
        String v = get(name);
        if (v == null) throw new ApiException.Validation(name, "Query parameter '" + name + "' is required.");
        return v;
    }

    public boolean bool(String name, boolean dflt) {
        String v = get(name);
        if (v == null) return dflt;
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new ApiException.Validation(
                        name, "Query parameter '" + name + "' must be \"true\" or \"false\".");
        };
    }

    public Integer integer(String name) {
        String v = get(name);
        if (v == null) return null;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException.Validation(name, "Query parameter '" + name + "' must be a whole number.");
        }
    }
}
