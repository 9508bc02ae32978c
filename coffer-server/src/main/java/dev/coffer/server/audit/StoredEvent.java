package dev.coffer.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        StoredEvent unhashed = new StoredEvent(
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
                metadataOf(e),
                prevHash,
                null);
        return unhashed.withHash(ChainHash.of(unhashed));
    }

    StoredEvent withHash(String h) {
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
                metadata,
                prevHash,
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

    private static String metadataOf(AuditEvent e) {
        Map<String, Object> m = new TreeMap<>();
        m.put("requestId", e.requestId());
        m.put("route", e.route());
        m.put("secretKeys", e.secretKeys());
        if (e.environment() != null) m.put("environment", e.environment());
        if (e.secretPath() != null) m.put("secretPath", e.secretPath());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("audit metadata could not be encoded", ex);
        }
    }
}
