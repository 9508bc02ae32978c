package dev.coffer.server.http;

import dev.coffer.server.errors.ApiException;
import java.util.HashMap;
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

    /**
     * Parses a raw query string ({@code a=1&b=&c}): a parameter without {@code =} has the empty value
     * (absent, for {@link #get}); the first of repeated names wins; {@code +} is a space and {@code %XX}
     * is decoded. A malformed escape is a 400.
     */
    public static Query parse(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return new Query(values);
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            values.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return new Query(values);
    }

    private static String decode(String s) {
        try {
            return Text.percentDecode(s, true);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(
                    "The query string has a malformed percent-encoding or is not UTF-8; encode '%' as %25 and text as UTF-8.");
        }
    }

    /** The first non-empty value of the first of {@code names} that is present, or null. */
    public String get(String... names) {
        for (String n : names) {
            String v = values.get(n);
            String problem = v == null ? null : Text.problem(v);
            if (problem != null) {
                throw new ApiException.Validation(n, "Query parameter '" + n + "' must not contain " + problem + ".");
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
