package dev.coffer.server.recovery;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.CommitStore;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Query;
import dev.coffer.server.http.Router;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.secrets.SecretValue;
import dev.coffer.server.store.Ids;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Point-in-time recovery over HTTP: a folder's commits, one commit's changes, and rollback. */
public final class RecoveryRoutes {

    private RecoveryRoutes() {}

    record ActorView(String actorType, String actorId, String name) {}

    record CommitView(String id, long seq, String environment, String message, ActorView actor, String createdAt) {}

    record ChangeView(
            String type,
            String secretPath,
            String secretKey,
            String previousSecretKey,
            SecretValue previousValue,
            SecretValue secretValue) {}

    public static void register(Router r, RecoveryService recovery) {
        r.get("/api/v1/folder-commits", req -> {
            Query q = req.query();
            Integer offset = q.integer("offset");
            Integer limit = q.integer("limit");
            List<CommitStore.Row> rows = recovery.commits(
                    req.actor(),
                    location(q.get("workspaceId", "projectId"), q.get("environment"), q.get("path", "secretPath")),
                    q.bool("recursive", false),
                    offset == null ? 0 : offset,
                    limit == null ? 50 : limit);
            String env = q.get("environment");
            return Map.of("commits", rows.stream().map(c -> view(c, env)).toList());
        });
        r.get("/api/v1/folder-commits/{commitId}", req -> {
            RecoveryService.Diff d = recovery.diff(
                    req.actor(), req.param("commitId"), req.query().bool("viewSecretValue", false));
            return Map.of(
                    "commit",
                    view(d.commit().commit(), d.commit().environment().slug()),
                    "changes",
                    views(d.changes()));
        });
        r.post("/api/v1/folder-commits/rollback", req -> {
            Body b = req.body();
            String project = b.firstString("workspaceId", "projectId");
            if (project == null)
                throw new ApiException.Validation("projectId", "'projectId' (or 'workspaceId') is required.");
            String env = b.requiredString("environment");
            RecoveryService.Result res = recovery.rollback(
                    req.actor(),
                    location(project, env, b.firstString("path", "secretPath")),
                    b.string("commitId", null),
                    time(b.string("timestamp", null)),
                    Boolean.TRUE.equals(b.bool("dryRun", false)),
                    Boolean.TRUE.equals(b.bool("viewSecretValue", false)));
            Map<String, Object> out = new HashMap<>();
            out.put("dryRun", res.made() == null);
            out.put("target", res.target() == null ? null : view(res.target(), env));
            out.put("commit", res.made() == null ? null : view(res.made(), env));
            out.put("changes", views(res.changes()));
            return out;
        });
    }

    private static SecretService.Location location(String project, String env, String path) {
        return new SecretService.Location(project, env, path == null ? "/" : path);
    }

    private static Long time(String iso) {
        if (iso == null) return null;
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ApiException.Validation(
                    "timestamp", "'timestamp' must be an ISO-8601 instant such as 2026-11-30T10:00:00Z.");
        }
    }

    private static CommitView view(CommitStore.Row c, String env) {
        return new CommitView(
                c.id(),
                c.seq(),
                env,
                c.message(),
                new ActorView(c.actorKind(), c.actorId(), c.actorName()),
                Ids.iso(c.createdAt()));
    }

    private static List<ChangeView> views(List<Change> changes) {
        return changes.stream()
                .map(c -> new ChangeView(c.kind(), c.path(), c.key(), c.previousKey(), c.before(), c.after()))
                .toList();
    }
}
