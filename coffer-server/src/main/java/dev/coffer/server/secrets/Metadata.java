package dev.coffer.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A secret's metadata: {@code [{key, value, isEncrypted}]}, as Infisical's {@code secretMetadata}. In
 * the plain form (what clients send and see) every value is present. In the stored form an entry marked
 * {@code isEncrypted} carries no value but {@code sealed}: the barrier's ciphertext (base64) of its key
 * and value, so an encrypted value is never on disk in plaintext. {@code toString} shows keys only.
 */
final class Metadata {

    static final int MAX_ENTRIES = 100;
    static final int MAX_KEY = 256;
    static final int MAX_VALUE = 4096;
    static final String EMPTY = "[]";

    /** One entry. */
    record Entry(String key, String value, boolean encrypted) {
        @Override
        public String toString() {
            return "Entry[key=" + key + (encrypted ? ", encrypted" : "") + "]";
        }
    }

    private Metadata() {}

    /** The plain form of what a client sent (an array of {key, value, isEncrypted?}, or a {key: value} object). */
    static String fromInput(JsonNode node) {
        List<Entry> entries = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(e -> entries.add(new Entry(e.getKey(), text(e.getValue(), e.getKey()), false)));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isObject() || !item.path("key").isTextual()) {
                    throw invalid("each entry of 'secretMetadata' must be an object with a string 'key'.");
                }
                JsonNode enc = item.path("isEncrypted");
                if (!enc.isMissingNode() && !enc.isNull() && !enc.isBoolean()) {
                    throw invalid("'isEncrypted' of a 'secretMetadata' entry must be true or false.");
                }
                String key = item.get("key").textValue();
                entries.add(new Entry(key, text(item.path("value"), key), enc.asBoolean(false)));
            }
        } else {
            throw invalid("'secretMetadata' must be an array of {key, value, isEncrypted}.");
        }
        if (entries.size() > MAX_ENTRIES) throw invalid("'secretMetadata' holds at most " + MAX_ENTRIES + " entries.");
        Set<String> seen = new HashSet<>();
        for (Entry e : entries) {
            if (e.key().isBlank()) throw invalid("a 'secretMetadata' key must not be empty.");
            if (e.key().chars().anyMatch(Character::isISOControl)) {
                throw invalid("a 'secretMetadata' key may not contain control characters.");
            }
            if (e.key().length() > MAX_KEY) {
                throw invalid("a 'secretMetadata' key is at most " + MAX_KEY + " characters.");
            }
            if (!seen.add(e.key())) {
                throw invalid("'secretMetadata' has the key '" + shown(e.key()) + "' twice; send each key once.");
            }
            if (e.value().length() > MAX_VALUE) {
                throw invalid("the 'secretMetadata' value of '" + shown(e.key()) + "' is longer than " + MAX_VALUE
                        + " characters.");
            }
        }
        return write(entries, null);
    }

    /** The entries of a plain form (or of an old row, whose metadata may be any JSON). */
    static List<Entry> parse(String plain) {
        List<Entry> out = new ArrayList<>();
        if (plain == null || plain.isBlank()) return out;
        JsonNode node = Json.parse(plain.getBytes(StandardCharsets.UTF_8));
        if (node == null) return out;
        if (node.isObject()) {
            node.properties()
                    .forEach(e -> out.add(new Entry(e.getKey(), e.getValue().asText(""), false)));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isObject()) continue;
                out.add(new Entry(
                        item.path("key").asText(""),
                        item.path("value").asText(""),
                        item.path("isEncrypted").asBoolean(false)));
            }
        }
        return out;
    }

    /** The stored form of a plain form: encrypted values sealed by {@code seal} (which gets "key\0value"). */
    static String seal(String plain, Function<String, byte[]> seal) {
        List<Entry> entries = parse(plain);
        return write(entries, seal);
    }

    /** The plain form of a stored form: sealed values opened by {@code open}; a sealed key that differs is tampering. */
    static String open(String stored, Function<byte[], String> open) {
        if (stored == null || stored.isBlank() || stored.equals(EMPTY)) return EMPTY;
        JsonNode node = Json.parse(stored.getBytes(StandardCharsets.UTF_8));
        if (node == null || !node.isArray()) return write(parse(stored), null);
        List<Entry> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) continue;
            String key = item.path("key").asText("");
            if (item.path("sealed").isTextual()) {
                String kv =
                        open.apply(Base64.getDecoder().decode(item.get("sealed").textValue()));
                int nul = kv.indexOf('\0');
                if (nul < 0 || !kv.substring(0, nul).equals(key)) {
                    throw new ApiException.ServerFault("Stored data failed its integrity check: an encrypted "
                            + "metadata value does not belong to its entry. The database was altered outside Coffer.");
                }
                out.add(new Entry(key, kv.substring(nul + 1), true));
            } else {
                out.add(new Entry(
                        key,
                        item.path("value").asText(""),
                        item.path("isEncrypted").asBoolean(false)));
            }
        }
        return write(out, null);
    }

    /** The stored form with each sealed value left out, for a version that can no longer be opened (a tombstone). */
    static String withoutSealed(String stored) {
        if (stored == null || stored.isBlank()) return EMPTY;
        JsonNode node = Json.parse(stored.getBytes(StandardCharsets.UTF_8));
        if (node == null || !node.isArray()) return EMPTY;
        List<Entry> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) continue;
            boolean sealed = item.has("sealed");
            out.add(new Entry(
                    item.path("key").asText(""),
                    sealed ? "" : item.path("value").asText(""),
                    sealed || item.path("isEncrypted").asBoolean(false)));
        }
        return write(out, null);
    }

    /**
     * Whether the plain form matches every filter: for each, some entry with that key (when given) and
     * that value (when given).
     */
    static boolean matches(String plain, List<Entry> filters) {
        if (filters.isEmpty()) return true;
        List<Entry> entries = parse(plain);
        for (Entry f : filters) {
            boolean any = entries.stream()
                    .anyMatch(e -> (f.key() == null || f.key().equals(e.key()))
                            && (f.value() == null || f.value().equals(e.value())));
            if (!any) return false;
        }
        return true;
    }

    /**
     * Infisical's {@code metadataFilter}: {@code key=env,value=prod|key=team,value=a}; a pair names a key,
     * a value or both.
     */
    static List<Entry> filter(String query) {
        List<Entry> out = new ArrayList<>();
        if (query == null || query.isBlank()) return out;
        for (String pair : query.split("\\|")) {
            String key = null;
            String value = null;
            String[] parts = pair.split("[,=]", -1);
            for (int i = 0; i + 1 < parts.length; i += 2) {
                String id = parts[i].trim().toLowerCase();
                String v = parts[i + 1].trim();
                if (id.equals("key") && !v.isEmpty()) key = v;
                else if (id.equals("value") && !v.isEmpty()) value = v;
                else throw badFilter();
            }
            if (parts.length % 2 != 0 || (key == null && value == null)) throw badFilter();
            out.add(new Entry(key, value, false));
        }
        if (out.size() > 10) throw new ApiException.BadRequest("'metadataFilter' may name at most 10 pairs.");
        return out;
    }

    private static ApiException badFilter() {
        return new ApiException.BadRequest("Invalid 'metadataFilter': write key=KEY,value=VALUE pairs separated "
                + "by '|' (e.g. metadataFilter=key=env,value=prod|key=team,value=a); a pair may name only a key "
                + "or only a value.");
    }

    private static String write(List<Entry> entries, Function<String, byte[]> seal) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (Entry e : entries) {
            ObjectNode o = arr.addObject();
            o.put("key", e.key());
            if (e.encrypted() && seal != null) {
                o.put("sealed", Base64.getEncoder().encodeToString(seal.apply(e.key() + "\0" + e.value())));
            } else {
                o.put("value", e.value());
            }
            o.put("isEncrypted", e.encrypted());
        }
        return new String(Json.write(arr), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode v, String key) {
        if (v.isMissingNode() || v.isNull()) return "";
        if (!v.isValueNode() || v.isBinary()) {
            throw invalid("the 'secretMetadata' value of '" + shown(key) + "' must be a string.");
        }
        return v.asText();
    }

    private static ApiException invalid(String message) {
        return new ApiException.Validation(
                "secretMetadata", message.substring(0, 1).toUpperCase() + message.substring(1));
    }

    private static String shown(String s) {
        return (s.length() > 60 ? s.substring(0, 60) + "…" : s).replaceAll("\\p{Cntrl}", "?");
    }
}
