package dev.coffer.server.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An audit event as the trail stores it: its place in the chain ({@code seq}), its columns, its
 * metadata as canonical JSON (sorted keys: route, request id, secret names), the previous row's hash
 * and its own. Holds names and ids only, never a value.
 */
public record StoredEvent(
        long seq,
        String id,
        long createdAt,
        String eventType,
        String actorType,
        String actorId,
        String actorName,
        String orgId,
        String projectId,
        String environment,
        String secretPath,
        String ip,
        String userAgent,
        int status,
        String metadata,
        String prevHash,
        String hash) {

    static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** The event as the next link after {@code prevHash}, at {@code seq}, hashed. */
    static StoredEvent link(AuditEvent e, long seq, String id, String prevHash) {
        return link(e, metadataOf(e), seq, id, prevHash);
    }

    /** Like {@link #link(AuditEvent, long, String, String)} with the metadata already encoded ({@link #metadataOf}). */
    static StoredEvent link(AuditEvent e, String metadata, long seq, String id, String prevHash) {
        StoredEvent unhashed = unhashed(e, metadata, seq, id, prevHash);
        return unhashed.withHash(ChainHash.of(unhashed));
    }

    private static StoredEvent unhashed(AuditEvent e, String metadata, long seq, String id, String prevHash) {
        return new StoredEvent(
                seq,
                id,
                e.time(),
                e.eventType(),
                e.actorKind(),
                e.actorId(),
                e.actorName(),
                e.orgId(),
                e.projectId(),
                e.environment(),
                e.secretPath(),
                e.ip(),
                e.userAgent(),
                e.status(),
                metadata,
                prevHash,
                null);
    }

    /**
     * The event as the next link after {@code prevHash}, at {@code seq}, hashed as blocks are written now
     * ({@link ChainHash#ofStored}); its metadata is {@code m} as stored, names by reference.
     */
    static StoredEvent linkStored(AuditEvent e, NameSets.Compact m, long seq, String id, String prevHash) {
        StoredEvent unhashed = unhashed(e, m.stored(), seq, id, prevHash);
        return unhashed.withHash(ChainHash.ofStored(unhashed, m.stored(), m.namesDigest()));
    }

    /** This row with {@code m} as its metadata (a row read back with its names put back, {@link NameSets}). */
    StoredEvent withMetadata(String m) {
        return with(m, prevHash, hash);
    }

    StoredEvent withHash(String h) {
        return with(metadata, prevHash, h);
    }

    /** This event as the link after {@code prev} (unhashed until {@link #withHash}). */
    StoredEvent withPrevHash(String prev) {
        return with(metadata, prev, hash);
    }

    private StoredEvent with(String m, String prev, String h) {
        return new StoredEvent(
                seq,
                id,
                createdAt,
                eventType,
                actorType,
                actorId,
                actorName,
                orgId,
                projectId,
                environment,
                secretPath,
                ip,
                userAgent,
                status,
                m,
                prev,
                h);
    }

    /** The secret names this event touched, from its metadata. */
    public List<String> secretKeys() {
        List<String> out = new ArrayList<>();
        try {
            JSON.readTree(metadata).path("secretKeys").forEach(n -> out.add(n.asText()));
        } catch (JsonProcessingException e) {
            // a row edited into invalid JSON names no secrets; verify reports the edit
        }
        return out;
    }

    /** The names of a set of names ({@link NameSets}: a JSON array); none when it is missing or not one. */
    static List<String> namesOf(String json) {
        List<String> out = new ArrayList<>();
        if (json == null) return out;
        try {
            JsonNode names = JSON.readTree(json);
            if (names.isArray()) names.forEach(n -> out.add(n.asText()));
        } catch (JsonProcessingException e) {
            // a set edited into invalid JSON names no secrets; verify reports the edit
        }
        return out;
    }

    /**
     * The event's metadata as canonical JSON: its keys in sorted order (environment, requestId, route,
     * secretKeys, secretKeysLeftOff, secretPath), environment and path only when known, the number of
     * names left off only when some were. Written field by field with the
     * streaming generator, which gives the same text as sorting a map, at a fraction of the cost.
     */
    static String metadataOf(AuditEvent e) {
        return metadataOf(
                e,
                e.requestId(),
                NameSets.of(e.secretKeys(), StoredEvent::namesJson).json());
    }

    /**
     * The event's metadata ({@link #metadataOf(AuditEvent)}) as its row stores it ({@link NameSets}): made
     * from a template kept for the requests that differ only in their request id (every list of a
     * folder), the request id put in its place.
     */
    static NameSets.Compact compactMetadataOf(AuditEvent e) {
        NameSets.Names names = NameSets.of(e.secretKeys(), StoredEvent::namesJson);
        String requestId = e.requestId() == null ? null : jsonContent(e.requestId());
        if (requestId == null) return NameSets.compact(metadataOf(e, null, names.json()));
        TemplateKey key = new TemplateKey(e.environment(), e.route(), e.secretPath(), e.secretKeysLeftOff(), names);
        Template t = TEMPLATES.get(key);
        if (t == null) {
            // the names inline, or the reference to their set ("@", as NameSets.compact leaves it)
            String m = metadataOf(e, "@", names.id() == null ? names.json() : "\"@\"");
            int at = m.indexOf(REQUEST_ID) + REQUEST_ID.length();
            t = new Template(m.substring(0, at), m.substring(at + 1));
            if (TEMPLATES.size() >= MAX_TEMPLATES) TEMPLATES.clear();
            TEMPLATES.put(key, t);
        }
        String stored = t.head() + requestId + t.tail();
        return names.id() == null
                ? NameSets.Compact.inline(stored)
                : new NameSets.Compact(stored, names.id(), names.json(), names.digest());
    }

    private static final String REQUEST_ID = "\"requestId\":\"";

    /** What the metadata of events that differ only in their request id share. */
    private record TemplateKey(
            String environment, String route, String secretPath, int leftOff, NameSets.Names names) {}

    /** Metadata around its request id's value. */
    private record Template(String head, String tail) {}

    /** Templates made lately; cleared when full. */
    private static final Map<TemplateKey, Template> TEMPLATES = new ConcurrentHashMap<>();

    static final int MAX_TEMPLATES = 1024;

    /** {@code s} as a JSON string holds it, without its quotes. */
    private static String jsonContent(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
                String quoted = jsonString(s);
                return quoted.substring(1, quoted.length() - 1);
            }
        }
        return s;
    }

    /** The metadata with {@code requestId} (null: JSON's null) and the names as {@code namesJson}, written raw. */
    private static String metadataOf(AuditEvent e, String requestId, String namesJson) {
        StringWriter out = new StringWriter(128 + namesJson.length());
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            if (e.environment() != null) g.writeStringField("environment", e.environment());
            g.writeStringField("requestId", requestId);
            g.writeStringField("route", e.route());
            g.writeFieldName("secretKeys");
            g.writeRawValue(namesJson);
            if (e.secretKeysLeftOff() > 0) g.writeNumberField("secretKeysLeftOff", e.secretKeysLeftOff());
            if (e.secretPath() != null) g.writeStringField("secretPath", e.secretPath());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("audit metadata could not be encoded", ex);
        }
        return out.toString();
    }

    /** The names as the metadata's JSON array, written as {@code metadataOf} wrote them in place. */
    private static String namesJson(List<String> keys) {
        StringWriter out = new StringWriter(2 + 24 * keys.size());
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (String key : keys) g.writeString(key);
            g.writeEndArray();
        } catch (IOException ex) {
            throw new IllegalStateException("audit metadata could not be encoded", ex);
        }
        return out.toString();
    }

    /** A string as the metadata's JSON writes it, quotes included: what a search by name looks for. */
    static String jsonString(String s) {
        StringWriter out = new StringWriter(s.length() + 8);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeString(s);
        } catch (IOException ex) {
            throw new IllegalStateException("a search term could not be encoded", ex);
        }
        return out.toString();
    }
}
