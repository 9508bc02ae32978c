package dev.coffer.server.console;

import dev.coffer.server.errors.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A submitted web form ({@code application/x-www-form-urlencoded}) or a query string: every value of
 * every name, in order. Values keep their line breaks (a multi-line secret is one field).
 */
final class Form {

    private final Map<String, List<String>> values;

    private Form(Map<String, List<String>> values) {
        this.values = values;
    }

    static Form parse(byte[] body) {
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    static Form parse(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new Form(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("The form was not encoded as a browser encodes it; submit it again.");
        }
    }

    /** The first value of {@code name}, or null when absent. */
    String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The first value, or {@code dflt} when absent or blank. */
    String get(String name, String dflt) {
        String v = get(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
