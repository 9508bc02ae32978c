package dev.coffer.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.errors.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to a JSON request body. Unknown fields are ignored; a present field of the wrong type
 * is a 422 naming the field and the expected type; a missing required field is a 422 too. Messages
 * never quote the field's value.
 */
public final class Body {

    private final JsonNode node;
    private final String prefix;

    public Body(JsonNode node) {
        this(node, "");
    }

    private Body(JsonNode node, String prefix) {
        if (!node.isObject()) {
            throw new ApiException.Validation(
                    prefix.isEmpty() ? "body" : prefix,
                    (prefix.isEmpty() ? "The request body" : "'" + prefix + "'") + " must be a JSON object.");
        }
        this.node = node;
        this.prefix = prefix;
    }

    private String name(String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    private JsonNode present(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    public boolean has(String field) {
        return present(field) != null;
    }

    /** A required string field. */
    public String requiredString(String field) {
        String v = string(field, null);
        if (v == null) throw new ApiException.Validation(name(field), "'" + name(field) + "' is required.");
        return v;
    }

    /** An optional string field, or {@code dflt} when absent or null. */
    public String string(String field, String dflt) {
        JsonNode v = present(field);
        if (v == null) return dflt;
        if (!v.isTextual()) throw wrongType(field, "a string");
        return checked(field, v.textValue());
    }

    /**
     * The first of {@code fields} that holds a non-blank string, or null; for values that clients send
     * under several names (workspaceId, projectId, …), as {@link Query#get(String...)} does for queries.
     */
    public String firstString(String... fields) {
        for (String f : fields) {
            String v = string(f, null);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    /** An optional whole number (also accepted as a numeric string, as some clients send). */
    public Long integer(String field, Long dflt) {
        JsonNode v = present(field);
        if (v == null) return dflt;
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.textValue().trim());
            } catch (NumberFormatException ignored) {
                // falls through to the type error
            }
        }
        throw wrongType(field, "a whole number");
    }

    /** An optional boolean; the strings "true" and "false" are accepted too. */
    public Boolean bool(String field, Boolean dflt) {
        JsonNode v = present(field);
        if (v == null) return dflt;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw wrongType(field, "true or false");
    }

    /** An optional nested object, or null when absent. */
    public Body object(String field) {
        JsonNode v = present(field);
        if (v == null) return null;
        if (!v.isObject()) throw wrongType(field, "an object");
        return new Body(v, name(field));
    }

    /** An optional array of objects; empty when absent. */
    public List<Body> objects(String field) {
        JsonNode v = present(field);
        if (v == null) return List.of();
        if (!v.isArray()) throw wrongType(field, "an array");
        List<Body> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) out.add(new Body(v.get(i), name(field) + "[" + i + "]"));
        return out;
    }

    /** An optional array of strings; empty when absent. */
    public List<String> strings(String field) {
        JsonNode v = present(field);
        if (v == null) return List.of();
        if (!v.isArray()) throw wrongType(field, "an array of strings");
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) throw wrongType(field, "an array of strings");
            out.add(checked(field, e.textValue()));
        }
        return out;
    }

    /** The raw node of a field, or null. For fields whose shape the caller checks itself. */
    public JsonNode raw(String field) {
        JsonNode v = present(field);
        if (v != null) checkTree(field, v);
        return v;
    }

    /** Every name and string inside a raw field passes the same checks as a string field. */
    private void checkTree(String field, JsonNode node) {
        if (node.isTextual()) {
            checked(field, node.textValue());
        } else if (node.isContainerNode()) {
            for (var e : node.properties()) {
                checked(field, e.getKey());
                checkTree(field, e.getValue());
            }
            if (node.isArray()) for (JsonNode item : node) checkTree(field, item);
        }
    }

    /** Rejects, once for every string a route reads, what no field may hold ({@link Text}). */
    private String checked(String field, String value) {
        String problem = Text.problem(value);
        if (problem != null) {
            throw new ApiException.Validation(name(field), "'" + name(field) + "' must not contain " + problem + ".");
        }
        return value;
    }

    private ApiException.Validation wrongType(String field, String expected) {
        return new ApiException.Validation(name(field), "'" + name(field) + "' must be " + expected + ".");
    }
}
