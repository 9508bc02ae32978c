package dev.coffer.server.auditlog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.audit.AuditQuery;
import dev.coffer.server.audit.ChainVerifier;
import dev.coffer.server.audit.EventTypes;
import dev.coffer.server.audit.SecretReaderStore;
import dev.coffer.server.audit.StoredEvent;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Json;
import dev.coffer.server.http.Query;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Ids;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/organization/audit-logs} (Infisical's filters and shape; {@code ?format=jsonl}
 * answers one event per line), {@code GET /api/v1/admin/audit/verify} and
 * {@code GET /api/v1/secret-readers}.
 */
public final class AuditLogRoutes {

    static final int MAX_LIMIT = 1000;
    static final int MAX_DAYS = 3650;

    private AuditLogRoutes() {}

    public static void register(Router r, AuditLogService audit) {
        r.get("/api/v1/organization/audit-logs", req -> {
            audit.requireAdmin(req.actor());
            Query q = req.query();
            String format = q.get("format");
            if (format != null && !format.equals("json") && !format.equals("jsonl")) {
                throw new ApiException.Validation("format", "Query parameter 'format' must be json or jsonl.");
            }
            List<StoredEvent> rows =
                    audit.search(req.actor(), query(q, req.actor().orgId()));
            List<Map<String, Object>> logs = new ArrayList<>(rows.size());
            for (StoredEvent e : rows) logs.add(view(e));
            if (!"jsonl".equals(format)) return Map.of("auditLogs", logs);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Map<String, Object> log : logs) {
                out.writeBytes(Json.write(log));
                out.write('\n');
            }
            return new Reply(200, out.toByteArray(), Map.of("Content-Type", "application/x-ndjson"));
        });
        r.get("/api/v1/admin/audit/verify", req -> {
            ChainVerifier.Result v = audit.verify(req.actor());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ok", v.ok());
            out.put("checked", v.checked());
            out.put("headSeq", v.headSeq());
            out.put("anchorSeq", v.fromSeq());
            out.put("brokenSeq", v.ok() ? null : v.brokenSeq());
            out.put("message", v.describe());
            return out;
        });
        r.get("/api/v1/secret-readers", req -> {
            audit.requireAdmin(req.actor());
            Query q = req.query();
            String projectId = q.required("projectId");
            String environment = q.required("environment");
            String path = SecretPath.parse(q.get("secretPath", "path")).toString();
            String key = q.required("secretKey");
            Integer days = q.integer("days");
            int d = days == null ? 30 : days;
            if (d < 1 || d > MAX_DAYS) {
                throw new ApiException.Validation(
                        "days", "Query parameter 'days' must be between 1 and " + MAX_DAYS + ".");
            }
            List<SecretReaderStore.Reader> readers = audit.readers(req.actor(), projectId, environment, path, key, d);
            List<Map<String, Object>> out = new ArrayList<>();
            for (SecretReaderStore.Reader rd : readers) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("actor", actor(rd.actorType(), rd.actorId(), rd.actorName()));
                m.put("lastReadAt", Ids.iso(rd.lastReadAt()));
                m.put("reads", rd.reads());
                out.add(m);
            }
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("projectId", projectId);
            res.put("environment", environment);
            res.put("secretPath", path);
            res.put("secretKey", key);
            res.put("days", d);
            res.put(
                    "lastReadAt",
                    readers.isEmpty() ? null : Ids.iso(readers.getFirst().lastReadAt()));
            res.put("readers", out);
            return res;
        });
    }

    private static AuditQuery query(Query q, String orgId) {
        String eventType = q.get("eventType");
        if (eventType != null && !EventTypes.all().contains(eventType)) {
            throw new ApiException.Validation(
                    "eventType", "Unknown eventType '" + eventType + "'; the README lists the event types.");
        }
        Integer limit = q.integer("limit");
        Integer offset = q.integer("offset");
        int l = limit == null ? 20 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > MAX_LIMIT) {
            throw new ApiException.Validation(
                    "limit", "Query parameter 'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        if (o < 0) throw new ApiException.Validation("offset", "Query parameter 'offset' must not be negative.");
        String path = q.get("secretPath");
        return new AuditQuery(
                orgId,
                q.get("projectId", "workspaceId"),
                q.get("environment"),
                actorType(q.get("actorType")),
                q.get("actorId"),
                path == null ? null : SecretPath.parse(path).toString(),
                q.get("secretKey"),
                eventType,
                date(q, "startDate"),
                date(q, "endDate"),
                o,
                l);
    }

    /** Infisical's actor types to the kinds the trail stores. */
    private static String actorType(String t) {
        if (t == null) return null;
        return switch (t) {
            case "identity" -> "identity";
            case "user" -> "user";
            case "service" -> "service token";
            default ->
                throw new ApiException.Validation(
                        "actorType", "Query parameter 'actorType' must be identity, user or service.");
        };
    }

    private static Long date(Query q, String name) {
        String v = q.get(name);
        if (v == null) return null;
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ApiException.Validation(
                    name, "Query parameter '" + name + "' must be an ISO-8601 instant such as 2026-01-31T00:00:00Z.");
        }
    }

    private static Map<String, Object> view(StoredEvent e) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        JsonNode stored = Json.parse(e.metadata().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stored.fieldNames().forEachRemaining(n -> metadata.put(n, stored.get(n)));
        List<String> keys = e.secretKeys();
        if (keys.size() == 1) metadata.put("secretKey", keys.getFirst());
        metadata.put("numberOfSecrets", keys.size());
        metadata.put("status", e.status());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", e.eventType());
        event.put("metadata", metadata);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("seq", e.seq());
        m.put("event", event);
        m.put("actor", actor(e.actorType(), e.actorId(), e.actorName()));
        m.put("ipAddress", e.ip());
        m.put("userAgent", e.userAgent());
        m.put("orgId", e.orgId());
        m.put("projectId", e.projectId());
        m.put("createdAt", Ids.iso(e.createdAt()));
        m.put("updatedAt", Ids.iso(e.createdAt()));
        m.put("hash", e.hash());
        return m;
    }

    private static Map<String, Object> actor(String type, String id, String name) {
        Map<String, Object> md = new LinkedHashMap<>();
        if (type == null) return Map.of("type", "unknownUser", "metadata", Map.of());
        String t = type.equals("service token") ? "service" : type;
        md.put(t.equals("identity") ? "identityId" : t.equals("user") ? "userId" : "serviceId", id);
        md.put("name", name);
        return Map.of("type", t, "metadata", md);
    }
}
