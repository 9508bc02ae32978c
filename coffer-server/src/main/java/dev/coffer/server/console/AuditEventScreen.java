package dev.coffer.server.console;

import dev.coffer.server.audit.AuditQuery;
import dev.coffer.server.audit.StoredEvent;
import dev.coffer.server.auditlog.AuditLogService;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Json;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One audit event on a page of its own (every field the trail keeps: names and ids, never a value), and
 * the filtered list as a CSV or JSON download, both through the audit log service (organization admins).
 * The download is audited like the API's search ({@code get-audit-logs}).
 */
final class AuditEventScreen {

    /** Events one download holds at most. */
    static final int EXPORT_MAX = 10_000;

    private static final int BATCH = 1000;

    private final Console console;
    private final AuditLogService audit;
    private final AuditScreen list;

    AuditEventScreen(Console console, AuditLogService audit, AuditScreen list) {
        this.console = console;
        this.audit = audit;
        this.list = list;
    }

    /** Where an event opens: its id, and its time to find it by. */
    static String href(StoredEvent e) {
        return "/audit/event?id=" + Console.enc(e.id()) + "&at=" + e.createdAt();
    }

    void register(Router r) {
        console.get(r, "/audit/event", c -> {
            String id = c.query("id") == null ? "" : c.query("id");
            long at;
            try {
                at = Long.parseLong(c.query("at") == null ? "" : c.query("at"));
            } catch (NumberFormatException e) {
                throw new ApiException.BadRequest("Open the event from the audit log's list (its link says which "
                        + "event and when it happened).");
            }
            AuditQuery q =
                    new AuditQuery(c.actor().orgId(), null, null, null, null, null, null, null, at, at + 1, 0, BATCH);
            StoredEvent found = null;
            for (StoredEvent e : audit.search(c.actor(), q)) if (e.id().equals(id)) found = e;
            if (found == null) {
                throw new ApiException.NotFound("No audit event '" + shown(id) + "' at that time in your "
                        + "organization (it may have been pruned); open events from the audit log's list.");
            }
            return console.render(
                    c,
                    200,
                    "audit-event.jte",
                    console.chrome(
                            c,
                            "Audit event " + found.seq(),
                            "audit",
                            List.of(
                                    new Chrome.Crumb("Audit log", "/audit"),
                                    new Chrome.Crumb("Event " + found.seq(), null)),
                            null),
                    fields(found));
        });
        console.get(r, "/audit/export", c -> {
            String format = c.query("format") == null ? "csv" : c.query("format");
            if (!format.equals("csv") && !format.equals("json")) {
                throw new ApiException.BadRequest("Choose the export's format: csv or json.");
            }
            AuditScreen.Filters f = AuditScreen.Filters.of(c);
            if (f.error() != null) throw new ApiException.BadRequest(f.error());
            List<StoredEvent> events = new ArrayList<>();
            for (int offset = 0; events.size() < EXPORT_MAX; offset += BATCH) {
                List<StoredEvent> page = list.search(c, f, offset, BATCH);
                for (StoredEvent e : page) {
                    if (AuditScreen.byActor(f, e) && events.size() < EXPORT_MAX) events.add(e);
                }
                if (page.size() < BATCH) break;
            }
            String name = "audit-log." + format;
            Map<String, String> headers = Map.of("Content-Disposition", "attachment; filename=\"" + name + "\"");
            if (format.equals("csv")) return Page.text(csv(events), "text/csv; charset=utf-8", headers);
            List<Map<String, Object>> out = new ArrayList<>();
            for (StoredEvent e : events) out.add(json(e));
            return Page.text(
                    new String(Json.write(Map.of("auditLogs", out)), StandardCharsets.UTF_8),
                    "application/json; charset=utf-8",
                    headers);
        });
    }

    static HistoryViews.AuditEvent fields(StoredEvent e) {
        List<HistoryViews.Field> out = new ArrayList<>();
        out.add(new HistoryViews.Field("Event type", e.eventType()));
        out.add(new HistoryViews.Field("When (UTC)", Ids.iso(e.createdAt())));
        out.add(new HistoryViews.Field("Status", String.valueOf(e.status())));
        out.add(new HistoryViews.Field("Actor", opt(e.actorName())));
        out.add(new HistoryViews.Field("Actor type", opt(e.actorType())));
        out.add(new HistoryViews.Field("Actor id", opt(e.actorId())));
        out.add(new HistoryViews.Field("Organization", opt(e.orgId())));
        out.add(new HistoryViews.Field("Project", opt(e.projectId())));
        out.add(new HistoryViews.Field("Environment", opt(e.environment())));
        out.add(new HistoryViews.Field("Path", opt(e.secretPath())));
        out.add(new HistoryViews.Field("Secrets", String.join(", ", e.secretKeys())));
        out.add(new HistoryViews.Field("IP address", opt(e.ip())));
        out.add(new HistoryViews.Field("User agent", opt(e.userAgent())));
        out.add(new HistoryViews.Field("Metadata", opt(e.metadata())));
        out.add(new HistoryViews.Field("Event id", e.id()));
        out.add(new HistoryViews.Field("Position in the chain", String.valueOf(e.seq())));
        out.add(new HistoryViews.Field("Previous event's hash", opt(e.prevHash())));
        out.add(new HistoryViews.Field("Hash", opt(e.hash())));
        return new HistoryViews.AuditEvent(e.seq(), e.eventType(), out);
    }

    static final List<String> COLUMNS = List.of(
            "id",
            "seq",
            "createdAt",
            "eventType",
            "status",
            "actorType",
            "actorId",
            "actorName",
            "projectId",
            "environment",
            "secretPath",
            "secretKeys",
            "ipAddress",
            "userAgent",
            "hash");

    static String csv(List<StoredEvent> events) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (StoredEvent e : events) {
            List<String> cells = List.of(
                    e.id(),
                    String.valueOf(e.seq()),
                    Ids.iso(e.createdAt()),
                    e.eventType(),
                    String.valueOf(e.status()),
                    opt(e.actorType()),
                    opt(e.actorId()),
                    opt(e.actorName()),
                    opt(e.projectId()),
                    opt(e.environment()),
                    opt(e.secretPath()),
                    String.join(";", e.secretKeys()),
                    opt(e.ip()),
                    opt(e.userAgent()),
                    opt(e.hash()));
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(cell(cells.get(i)));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    /**
     * A CSV cell: quoted when it holds a comma, quote or line break, and prefixed with ' when it starts
     * like a spreadsheet formula (a user agent or a name is anyone's text).
     */
    static String cell(String v) {
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static Map<String, Object> json(StoredEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("seq", e.seq());
        m.put("createdAt", Ids.iso(e.createdAt()));
        m.put("eventType", e.eventType());
        m.put("status", e.status());
        m.put("actorType", e.actorType());
        m.put("actorId", e.actorId());
        m.put("actorName", e.actorName());
        m.put("orgId", e.orgId());
        m.put("projectId", e.projectId());
        m.put("environment", e.environment());
        m.put("secretPath", e.secretPath());
        m.put("secretKeys", e.secretKeys());
        m.put("ipAddress", e.ip());
        m.put("userAgent", e.userAgent());
        String metadata = opt(e.metadata()).isEmpty() ? "{}" : e.metadata();
        m.put("metadata", Json.parse(metadata.getBytes(StandardCharsets.UTF_8)));
        m.put("prevHash", e.prevHash());
        m.put("hash", e.hash());
        return m;
    }

    private static String opt(String s) {
        return s == null ? "" : s;
    }

    private static String shown(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
