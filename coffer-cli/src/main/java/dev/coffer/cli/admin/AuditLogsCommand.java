package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.cli.HelpOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coffer audit-logs list}: the organization's audit trail with the server's filters. */
@Command(
        name = "audit-logs",
        description = {
            "The organization's audit trail (organization admins), newest first.",
            "",
            "Examples:",
            "  coffer audit-logs list --since 24h",
            "  coffer audit-logs list --event-type get-secret --environment prod --limit 100",
            "  coffer audit-logs list --since 2026-11-30T10:00:00Z --jsonl > events.jsonl"
        },
        subcommands = AuditLogsCommand.ListEvents.class)
public final class AuditLogsCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "list",
            sortOptions = false,
            description = {
                "Audit events: time, event type, actor, address, where, which secrets.",
                "Times are ISO-8601 instants or how long ago (15m, 2h, 7d)."
            })
    static final class ListEvents implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--event-type", paramLabel = "TYPE", description = "e.g. get-secret, update-secret, login.")
        String eventType;

        @Option(names = "--actor", paramLabel = "ID", description = "The user's, identity's or service token's id.")
        String actor;

        @Option(names = "--actor-type", paramLabel = "TYPE", description = "user, identity or service.")
        String actorType;

        @Option(names = "--since", paramLabel = "WHEN", description = "From this instant (or 15m, 2h, 7d ago).")
        String since;

        @Option(names = "--until", paramLabel = "WHEN", description = "Up to this instant (or that long ago).")
        String until;

        @Option(names = "--project", paramLabel = "ID", description = "Only this project's events.")
        String project;

        @Option(names = "--environment", paramLabel = "ENV", description = "Only this environment's events.")
        String environment;

        @Option(names = "--secret-path", paramLabel = "PATH", description = "Only events at this folder path.")
        String secretPath;

        @Option(names = "--secret-key", paramLabel = "NAME", description = "Only events about this secret.")
        String secretKey;

        @Option(names = "--limit", paramLabel = "N", description = "At most N events, 1 to 1000 (default 20).")
        Integer limit;

        @Option(names = "--offset", paramLabel = "N", description = "Skip the newest N events (paging).")
        Integer offset;

        @Option(names = "--json", description = "Print the server's JSON answer.")
        boolean json;

        @Option(names = "--jsonl", description = "Print one JSON event per line.")
        boolean jsonl;

        @Override
        public Integer call() throws java.io.IOException {
            if (json && jsonl) throw new CliException("Give --json or --jsonl, not both.", 2);
            if (limit != null && (limit < 1 || limit > 1000)) {
                throw new CliException("--limit " + limit + ": give 1 to 1000.", 2);
            }
            if (offset != null && offset < 0) throw new CliException("--offset must not be negative.", 2);
            if (actorType != null && !actorType.matches("user|identity|service")) {
                throw new CliException("--actor-type " + actorType + ": give user, identity or service.", 2);
            }
            Map<String, String> q = new LinkedHashMap<>();
            put(q, "eventType", eventType);
            put(q, "actorId", actor);
            put(q, "actorType", actorType);
            put(q, "startDate", since == null ? null : Durations.instant(since, "--since"));
            put(q, "endDate", until == null ? null : Durations.instant(until, "--until"));
            put(q, "projectId", project);
            put(q, "environment", environment);
            put(q, "secretPath", secretPath);
            put(q, "secretKey", secretKey);
            put(q, "limit", limit == null ? null : limit.toString());
            put(q, "offset", offset == null ? null : offset.toString());
            return Api.run(connection, api -> {
                JsonNode r = api.get("/api/v1/organization/audit-logs", q);
                if (json) {
                    Api.printJson(r);
                    return 0;
                }
                if (jsonl) {
                    for (JsonNode e : r.path("auditLogs")) System.out.println(Api.JSON.writeValueAsString(e));
                    return 0;
                }
                Table t = new Table("TIME", "EVENT", "ACTOR", "IP", "WHERE", "SECRETS");
                for (JsonNode e : r.path("auditLogs")) {
                    JsonNode md = e.path("event").path("metadata");
                    JsonNode who = e.path("actor");
                    t.row(
                            e.path("createdAt").asText(),
                            e.path("event").path("type").asText(),
                            who.path("type").asText() + ":"
                                    + who.path("metadata").path("name").asText(""),
                            e.path("ipAddress").asText(""),
                            where(e, md),
                            secrets(md));
                }
                t.print("no audit events match");
                return 0;
            });
        }

        private static void put(Map<String, String> q, String k, String v) {
            if (v != null && !v.isBlank()) q.put(k, v.trim());
        }

        private static String where(JsonNode e, JsonNode md) {
            String p = e.path("projectId").asText("");
            if (p.isEmpty() || p.equals("null")) return "";
            String env = md.path("environment").asText("");
            String path = md.path("secretPath").asText("");
            return p + (env.isEmpty() ? "" : "/" + env) + (path.isEmpty() ? "" : ":" + path);
        }

        private static String secrets(JsonNode md) {
            if (md.hasNonNull("secretKey")) return md.path("secretKey").asText();
            JsonNode keys = md.path("secretKeys");
            if (keys.isArray() && !keys.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode k : keys) sb.append(sb.isEmpty() ? "" : ",").append(k.asText());
                return sb.toString();
            }
            int n = md.path("numberOfSecrets").asInt(0);
            return n == 0 ? "" : n + " secrets";
        }
    }
}
