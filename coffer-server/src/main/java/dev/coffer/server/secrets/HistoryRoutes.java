package dev.coffer.server.secrets;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Query;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A secret's history over HTTP: Infisical's version listing ({@code GET /api/v1/secret/{secretId}/
 * secret-versions}) and Coffer's rollback, restore and deleted-secrets routes.
 */
final class HistoryRoutes {

    private HistoryRoutes() {}

    /** Who made a version, as Infisical names actors; null for versions from before actors were recorded. */
    record VersionActor(String actorType, String actorId, String name) {}

    /** One version in Infisical's raw shape, plus Coffer's {@code isDeleted} and {@code actor}. */
    record VersionView(
            String id,
            @JsonProperty("_id") String legacyId,
            String secretId,
            long version,
            String workspace,
            String environment,
            String type,
            String secretKey,
            SecretValue secretValue,
            boolean secretValueHidden,
            SecretValue secretComment,
            boolean skipMultilineEncoding,
            String secretReminderNote,
            Integer secretReminderRepeatDays,
            @JsonRawValue String secretMetadata,
            List<Object> tags,
            String secretPath,
            boolean isDeleted,
            VersionActor actor,
            String createdAt,
            String updatedAt) {}

    /** A deleted secret at a place: what {@code restore} would bring back. */
    record DeletedView(String secretId, String secretKey, long version, String deletedAt, VersionActor deletedBy) {}

    static void register(Router r, SecretHistory history) {
        r.get("/api/v1/secret/{secretId}/secret-versions", req -> {
            Query q = req.query();
            Integer offset = q.integer("offset");
            Integer limit = q.integer("limit");
            String secretId = req.param("secretId");
            List<SecretHistory.Entry> entries =
                    history.versions(req.actor(), secretId, offset == null ? 0 : offset, limit == null ? 100 : limit);
            return Map.of(
                    "secretVersions",
                    entries.stream().map(e -> view(secretId, e)).toList());
        });
        r.post("/api/v1/secret/{secretId}/rollback", req -> {
            Body b = req.body();
            Long version = b.integer("version", null);
            Secret s = history.rollback(req.actor(), req.param("secretId"), version);
            return Map.of("secret", SecretRoutes.view(s, true));
        });
        r.post("/api/v1/secrets/restore", req -> {
            Body b = req.body();
            Secret s = history.restore(
                    req.actor(),
                    location(b),
                    SecretInput.validKey(b.requiredString("secretKey"), "secretKey"),
                    b.integer("version", null));
            return Map.of("secret", SecretRoutes.view(s, true));
        });
        r.get("/api/v1/secrets/deleted", req -> {
            Query q = req.query();
            var loc = new SecretService.Location(
                    q.get("workspaceId", "projectId"), q.get("environment"), q.get("secretPath", "path"));
            return Map.of(
                    "secrets",
                    history.deleted(req.actor(), loc).stream()
                            .map(v -> new DeletedView(
                                    v.secretId(), v.key(), v.version(), Ids.iso(v.createdAt()), actor(v)))
                            .toList());
        });
    }

    private static SecretService.Location location(Body b) {
        String project = b.firstString("workspaceId", "projectId");
        if (project == null)
            throw new ApiException.Validation("workspaceId", "'workspaceId' (or 'projectId') is required.");
        return new SecretService.Location(project, b.requiredString("environment"), b.string("secretPath", "/"));
    }

    private static VersionView view(String secretId, SecretHistory.Entry e) {
        VersionStore.Version v = e.row();
        Secret s = e.secret();
        String id = UUID.nameUUIDFromBytes((secretId + ":" + v.version()).getBytes(StandardCharsets.UTF_8))
                .toString();
        // a tombstone's metadata cannot be opened (it was sealed for the version before): keys only
        String metadata = s != null ? s.metadata() : Metadata.withoutSealed(v.metadata());
        return new VersionView(
                id,
                id,
                secretId,
                v.version(),
                v.projectId(),
                e.environment(),
                v.type(),
                v.key(),
                s == null ? SecretValue.EMPTY : e.valueHidden() ? new SecretValue(SecretRoutes.HIDDEN) : s.value(),
                s != null && e.valueHidden(),
                s == null ? SecretValue.EMPTY : s.comment(),
                v.skipMultiline(),
                v.reminderNote(),
                v.reminderDays(),
                metadata,
                e.tags().stream().map(SecretRoutes::tag).toList(),
                e.path().toString(),
                v.deleted(),
                actor(v),
                Ids.iso(v.createdAt()),
                Ids.iso(v.createdAt()));
    }

    private static VersionActor actor(VersionStore.Version v) {
        return v.actorId() == null ? null : new VersionActor(v.actorKind(), v.actorId(), v.actorName());
    }
}
