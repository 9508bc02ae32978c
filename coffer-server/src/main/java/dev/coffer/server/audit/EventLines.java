package dev.coffer.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stored events as JSON lines for the streams: one object a line, the row's columns and its hash. */
final class EventLines {

    private EventLines() {}

    static byte[] of(List<StoredEvent> rows) {
        StringBuilder sb = new StringBuilder();
        for (StoredEvent r : rows) sb.append(line(r)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String line(StoredEvent r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("id", r.id());
        m.put("createdAt", java.time.Instant.ofEpochMilli(r.createdAt()).toString());
        m.put("eventType", r.eventType());
        m.put("actorType", r.actorType());
        m.put("actorId", r.actorId());
        m.put("actorName", r.actorName());
        m.put("orgId", r.orgId());
        m.put("projectId", r.projectId());
        m.put("environment", r.environment());
        m.put("secretPath", r.secretPath());
        m.put("ipAddress", r.ip());
        m.put("userAgent", r.userAgent());
        m.put("status", r.status());
        try {
            m.put("metadata", StoredEvent.JSON.readTree(r.metadata()));
            m.put("prevHash", r.prevHash());
            m.put("hash", r.hash());
            return StoredEvent.JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit event could not be encoded", e);
        }
    }
}
