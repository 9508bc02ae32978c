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
 * time, actor, event type, environment, path and secret name: the API's search, on a page. Each event
 * opens on a page of its own ({@link AuditEventScreen}), and the filtered list downloads as CSV or JSON.
 */
final class AuditScreen {

    static final int PAGE = 200;

    private final Console console;
    private final AuditLogService audit;

    AuditScreen(Console console, AuditLogService audit) {
        this.console = console;
        this.audit = audit;
    }

    /** The list's filters as typed (empty when not given), the times they mean, and what is wrong with them. */
    record Filters(
            String since,
            String until,
            String actor,
            String type,
            String env,
            String path,
            String secret,
            Long from,
            Long to,
            String error) {

        static Filters of(Console.Call c) {
            String since = blank(c.query("since"));
            String until = blank(c.query("until"));
            Long from = null;
            Long to = null;
            String error = null;
            try {
                from = since == null ? null : time(since, false);
                to = until == null ? null : time(until, true);
            } catch (DateTimeParseException e) {
                error = "Write times as 2026-11-30 or 2026-11-30T14:05 (UTC).";
            }
            return new Filters(
                    opt(since),
                    opt(until),
                    opt(blank(c.query("actor"))),
                    opt(blank(c.query("eventType"))),
                    opt(blank(c.query("environment"))),
                    opt(blank(c.query("path"))),
                    opt(blank(c.query("secret"))),
                    from,
                    to,
                    error);
        }

        /** The filters as a query string (for the export links), without the leading '?'. */
        String query() {
            StringBuilder q = new StringBuilder();
            add(q, "since", since);
            add(q, "until", until);
            add(q, "actor", actor);
            add(q, "eventType", type);
            add(q, "environment", env);
            add(q, "path", path);
            add(q, "secret", secret);
            return q.toString();
        }

        private static void add(StringBuilder q, String name, String value) {
            if (value.isEmpty()) return;
            if (!q.isEmpty()) q.append('&');
            q.append(name).append('=').append(Console.enc(value));
        }
    }

    /** A page of the trail's events that match every filter but the actor's. */
    List<StoredEvent> search(Console.Call c, Filters f, int offset, int limit) {
        return audit.search(
                c.actor(),
                new AuditQuery(
                        c.actor().orgId(),
                        null,
                        none(f.env()),
                        null,
                        null,
                        none(f.path()),
                        none(f.secret()),
                        none(f.type()),
                        f.from(),
                        f.to(),
                        offset,
                        limit));
    }

    /** Whether the event's actor matches the actor filter (a part of the name, any case). */
    static boolean byActor(Filters f, StoredEvent e) {
        String name = e.actorName() == null ? "" : e.actorName();
        return f.actor().isEmpty()
                || name.toLowerCase(Locale.ROOT).contains(f.actor().toLowerCase(Locale.ROOT));
    }

    void register(Router r) {
        console.get(r, "/audit", c -> {
            Filters f = Filters.of(c);
            List<Views.AuditItem> items = new ArrayList<>();
            if (f.error() == null) {
                for (StoredEvent e : search(c, f, 0, PAGE)) {
                    if (!byActor(f, e)) continue;
                    String name = e.actorName() == null ? "" : e.actorName();
                    items.add(new Views.AuditItem(
                            FolderScreen.WHEN.format(Instant.ofEpochMilli(e.createdAt())),
                            e.eventType(),
                            name.isEmpty() ? e.actorType() : name,
                            e.status(),
                            e.environment() == null ? "" : e.environment(),
                            e.secretPath() == null ? "" : e.secretPath(),
                            String.join(", ", e.secretKeys()),
                            e.ip() == null ? "" : e.ip(),
                            AuditEventScreen.href(e)));
                }
            }
            return console.render(
                    c,
                    f.error() == null ? 200 : 400,
                    "audit.jte",
                    console.chrome(c, "Audit log", "audit", List.of(), null),
                    new Views.Audit(
                            items,
                            f.since(),
                            f.until(),
                            f.actor(),
                            f.type(),
                            f.env(),
                            f.path(),
                            f.secret(),
                            f.error(),
                            f.query()));
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

    private static String none(String s) {
        return s.isEmpty() ? null : s;
    }
}
