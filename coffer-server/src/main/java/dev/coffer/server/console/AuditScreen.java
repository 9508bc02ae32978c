package dev.coffer.server.console;

import dev.coffer.server.audit.AuditQuery;
import dev.coffer.server.audit.StoredEvent;
import dev.coffer.server.auditlog.AuditLogService;
import dev.coffer.server.http.Router;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The organization's audit trail (organization admins, as through the API), newest first, filtered by
 * time, actor, event type, environment, path and secret name: the API's search, on a page.
 */
final class AuditScreen {

    static final int PAGE = 200;

    private final Console console;
    private final AuditLogService audit;

    AuditScreen(Console console, AuditLogService audit) {
        this.console = console;
        this.audit = audit;
    }

    void register(Router r) {
        console.get(r, "/audit", c -> {
            String since = blank(c.query("since"));
            String until = blank(c.query("until"));
            String actor = blank(c.query("actor"));
            String type = blank(c.query("eventType"));
            String env = blank(c.query("environment"));
            String path = blank(c.query("path"));
            String secret = blank(c.query("secret"));
            String error = null;
            Long from = null;
            Long to = null;
            try {
                from = since == null ? null : time(since, false);
                to = until == null ? null : time(until, true);
            } catch (DateTimeParseException e) {
                error = "Write times as 2026-11-30 or 2026-11-30T14:05 (UTC).";
            }
            List<Views.AuditItem> items = new ArrayList<>();
            if (error == null) {
                AuditQuery q =
                        new AuditQuery(c.actor().orgId(), null, env, null, null, path, secret, type, from, to, 0, PAGE);
                String who = actor == null ? null : actor.toLowerCase(Locale.ROOT);
                for (StoredEvent e : audit.search(c.actor(), q)) {
                    String name = e.actorName() == null ? "" : e.actorName();
                    if (who != null && !name.toLowerCase(Locale.ROOT).contains(who)) continue;
                    items.add(new Views.AuditItem(
                            FolderScreen.WHEN.format(Instant.ofEpochMilli(e.createdAt())),
                            e.eventType(),
                            name.isEmpty() ? e.actorType() : name,
                            e.status(),
                            e.environment() == null ? "" : e.environment(),
                            e.secretPath() == null ? "" : e.secretPath(),
                            String.join(", ", e.secretKeys()),
                            e.ip() == null ? "" : e.ip()));
                }
            }
            return console.render(
                    c,
                    error == null ? 200 : 400,
                    "audit.jte",
                    console.chrome(c, "Audit log", "audit", List.of(), null),
                    new Views.Audit(
                            items,
                            opt(since),
                            opt(until),
                            opt(actor),
                            opt(type),
                            opt(env),
                            opt(path),
                            opt(secret),
                            error));
        });
    }

    /** A date (the day's start, or its end for "until") or a date and time, in UTC. */
    static long time(String s, boolean endOfDay) {
        if (s.length() == 10) {
            LocalDate d = LocalDate.parse(s);
            return (endOfDay ? d.plusDays(1) : d)
                            .atStartOfDay()
                            .toInstant(ZoneOffset.UTC)
                            .toEpochMilli()
                    - (endOfDay ? 1 : 0);
        }
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String opt(String s) {
        return s == null ? "" : s;
    }
}
