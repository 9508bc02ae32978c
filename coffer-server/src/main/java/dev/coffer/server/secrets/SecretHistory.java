package dev.coffer.server.secrets;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.Commit;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.Folder;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import dev.coffer.server.tags.Tag;
import dev.coffer.server.tags.TagStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One secret's history: its versions (names always, values only with read-value permission), rolling
 * it back to a version (a new version equal to that one) and restoring a deleted secret from its
 * history. Writes take the secret's row lock and the environment's commit, so concurrent rollbacks get
 * consecutive versions.
 */
public final class SecretHistory {

    /** A version as a caller may see it; {@code secret} is null for a tombstone. */
    public record Entry(
            VersionStore.Version row,
            Secret secret,
            boolean valueHidden,
            String environment,
            SecretPath path,
            List<Tag> tags) {

        /** The version's number, time, author and whether it deleted the secret (for the web console). */
        public long version() {
            return row.version();
        }

        public long createdAt() {
            return row.createdAt();
        }

        public String actorName() {
            return row.actorName();
        }

        public boolean deleted() {
            return row.deleted();
        }
    }

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final SecretCodec codec;
    private final Clock clock;
    private final int versionsKept;

    SecretHistory(
            Database db,
            ProjectService projects,
            Authorizer authorizer,
            SecretCodec codec,
            Clock clock,
            int versionsKept) {
        this.db = db;
        this.projects = projects;
        this.authorizer = authorizer;
        this.codec = codec;
        this.clock = clock;
        this.versionsKept = versionsKept;
    }

    /** Where a secret's history says it is (or was), authorized for {@code action} on it. */
    private record Located(ProjectService.Scope scope, VersionStore.Version latest) {}

    private Located locate(Actor actor, String secretId, Action action) {
        if (!Ids.isUuid(secretId)) throw notFound(secretId);
        record Place(VersionStore.Version latest, SecretPath path, List<String> tags) {}
        Place place = db.read(tx -> {
            VersionStore.Version latest = VersionStore.latest(tx, secretId).orElseThrow(() -> notFound(secretId));
            if (latest.envId() == null) throw notFound(secretId);
            // a person's override is its owner's alone, and is not rolled back or restored through history
            if (!"shared".equals(latest.type())
                    && (action != Action.READ || !latest.ownerId().equals(actor.id()))) {
                throw notFound(secretId);
            }
            return new Place(
                    latest,
                    HistoricPaths.of(tx, latest.envId(), latest.folderId()),
                    TagStore.byIds(tx, latest.projectId(), latest.tags()).stream()
                            .map(Tag::slug)
                            .toList());
        });
        VersionStore.Version latest = place.latest();
        Environment env = projects.environments(latest.projectId()).stream()
                .filter(e -> e.id().equals(latest.envId()))
                .findFirst()
                .orElseThrow(() -> notFound(secretId));
        ProjectService.Scope scope = projects.scope(
                actor, latest.projectId(), env.slug(), place.path().toString(), Action.READ, Subject.SECRETS);
        Resource secret = scope.resource(Subject.SECRETS).secret(latest.key(), place.tags());
        authorizer.require(actor, Action.READ, secret);
        if (action != Action.READ) authorizer.require(actor, action, secret);
        return new Located(scope, latest);
    }

    /** A page of a secret's versions, newest first; values hidden where the actor may not read them. */
    public List<Entry> versions(Actor actor, String secretId, int offset, int limit) {
        Located at = locate(actor, secretId, Action.READ);
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new ApiException.BadRequest("'offset' must be 0 or more and 'limit' from 1 to 1000.");
        }
        ProjectService.Scope scope = at.scope();
        return db.read(tx -> {
            List<Entry> out = new ArrayList<>();
            for (VersionStore.Version v : VersionStore.page(tx, secretId, offset, limit)) {
                List<Tag> tags = TagStore.byIds(tx, scope.project().id(), v.tags());
                boolean readable = authorizer.allows(
                        actor,
                        Action.READ_VALUE,
                        scope.resource(Subject.SECRETS)
                                .secret(v.key(), tags.stream().map(Tag::slug).toList()));
                Secret s = v.deleted() ? null : codec.decrypt(tx, scope, scope.path(), v.asRow());
                if (s != null && !readable) s = s.withValue(SecretValue.HIDDEN);
                out.add(new Entry(v, s, !readable, scope.environment().slug(), scope.path(), tags));
            }
            return out;
        });
    }

    /** Rolls a secret back to {@code version}: a new version with that version's name, value, comment and settings. */
    public Secret rollback(Actor actor, String secretId, Long version) {
        Located at = locate(actor, secretId, Action.EDIT);
        if (version == null || version < 1) {
            throw new ApiException.Validation("version", "'version' (a version number of the secret) is required.");
        }
        ProjectService.Scope scope = at.scope();
        if (at.latest().deleted()) {
            throw new ApiException.BadRequest("Secret '" + at.latest().key() + "' is deleted; restore it instead "
                    + "(POST /api/v1/secrets/restore, or coffer secrets restore).");
        }
        long now = clock.millis();
        Secret out = db.write(tx -> {
            Commit commit = Commit.begin(
                    tx,
                    scope.project().id(),
                    scope.environment().id(),
                    actor,
                    now,
                    "roll back " + at.latest().key() + " at " + scope.path() + " to version " + version);
            SecretRow cur = SecretStore.byIdForUpdate(tx, secretId).orElseThrow(() -> notFound(secretId));
            VersionStore.Version target = VersionStore.one(tx, secretId, version)
                    .orElseThrow(() -> new ApiException.NotFound("Secret '" + cur.key() + "' has no version " + version
                            + (versionsKept > 0 ? " (the last " + versionsKept + " versions are kept)." : ".")));
            if (target.deleted()) {
                throw new ApiException.BadRequest(
                        "Version " + version + " of secret '" + cur.key() + "' marks its deletion; it has no value.");
            }
            if (!target.key().equals(cur.key())) {
                authorizer.require(actor, Action.EDIT, secretAt(scope, target.key()));
                if (SecretStore.byKey(tx, cur.folderId(), target.key()).isPresent()) {
                    throw new ApiException.BadRequest("Cannot roll '" + cur.key() + "' back to its old name '"
                            + target.key() + "': a secret with that name exists at '" + scope.path() + "'.");
                }
            }
            Secret old = codec.decrypt(tx, scope, scope.path(), target.asRow());
            SecretRow row =
                    reborn(tx, scope, cur.id(), cur.folderId(), cur.version() + 1, cur.createdAt(), target, old, now);
            SecretStore.update(tx, row, "", liveTags(tx, scope, target), commit);
            SecretStore.prune(tx, row.id(), row.version(), versionsKept);
            return SecretWrites.withTags(tx, codec.decrypt(tx, scope, scope.path(), row));
        });
        return visible(actor, scope, out);
    }

    /**
     * Restores the most recently deleted secret named {@code key} at a place, under its old id, from its
     * last version before the deletion (or {@code version}).
     */
    public Secret restore(Actor actor, SecretService.Location loc, String key, Long version) {
        ProjectService.Scope scope =
                projects.scope(actor, loc.project(), loc.environment(), loc.path(), Action.CREATE, Subject.SECRETS);
        authorizer.require(actor, Action.CREATE, secretAt(scope, key));
        long now = clock.millis();
        Secret out = db.write(tx -> {
            Commit commit = Commit.begin(
                    tx,
                    scope.project().id(),
                    scope.environment().id(),
                    actor,
                    now,
                    "restore " + key + " at " + scope.path());
            Folder folder = FolderStore.require(tx, scope.environment(), scope.path());
            if (SecretStore.byKey(tx, folder.id(), key).isPresent()) {
                throw new ApiException.BadRequest("Secret '" + key + "' exists at '" + scope.path()
                        + "'; roll it back to a version instead of restoring it.");
            }
            VersionStore.Version tomb = VersionStore.deletedIn(tx, folder.id()).stream()
                    .filter(v -> v.key().equals(key))
                    .findFirst()
                    .orElseThrow(() -> new ApiException.NotFound("No deleted secret named '" + key + "' at '"
                            + scope.path() + "' in '" + scope.environment().slug() + "'."));
            VersionStore.Version target = (version == null
                            ? VersionStore.lastValueBefore(tx, tomb.secretId(), tomb.version())
                            : VersionStore.one(tx, tomb.secretId(), version).filter(v -> !v.deleted()))
                    .orElseThrow(() -> new ApiException.NotFound("Secret '" + key + "' has no "
                            + (version == null
                                    ? "version left to restore."
                                    : "version " + version + " with a value.")));
            if (!target.key().equals(key)) authorizer.require(actor, Action.CREATE, secretAt(scope, target.key()));
            Secret old = codec.decrypt(tx, scope, scope.path(), target.asRow());
            long next = VersionStore.maxVersion(tx, tomb.secretId()) + 1;
            SecretRow row = reborn(tx, scope, tomb.secretId(), folder.id(), next, now, target, old, now);
            SecretStore.insert(tx, row, "", liveTags(tx, scope, target), commit);
            SecretStore.prune(tx, row.id(), row.version(), versionsKept);
            return SecretWrites.withTags(tx, codec.decrypt(tx, scope, scope.path(), row));
        });
        return visible(actor, scope, out);
    }

    /** The deleted secrets at a place that the actor may see, newest deletion first. */
    public List<VersionStore.Version> deleted(Actor actor, SecretService.Location loc) {
        ProjectService.Scope scope =
                projects.scope(actor, loc.project(), loc.environment(), loc.path(), Action.READ, Subject.SECRETS);
        List<VersionStore.Version> rows =
                db.read(tx -> FolderStore.resolve(tx, scope.environment().id(), scope.path())
                        .map(f -> VersionStore.deletedIn(tx, f.id()))
                        .orElse(List.of()));
        return authorizer.filter(
                actor, Action.READ, scope.resource(Subject.SECRETS), rows, v -> secretAt(scope, v.key()));
    }

    /** A new row for secret {@code id} at {@code version}, equal to {@code target} (sealed anew for its place). */
    private SecretRow reborn(
            Tx tx,
            ProjectService.Scope scope,
            String id,
            String folderId,
            long version,
            long createdAt,
            VersionStore.Version target,
            Secret old,
            long now) {
        SecretRow row = new SecretRow(
                id,
                folderId,
                target.key(),
                "shared",
                version,
                null,
                null,
                target.skipMultiline(),
                target.reminderNote(),
                target.reminderDays(),
                old.metadata(),
                createdAt,
                now);
        return codec.sealed(tx, scope.project().id(), scope.environment().id(), row, old.value(), old.comment());
    }

    /** The tags a version had that the project still has (a deleted tag is not put back). */
    private static List<String> liveTags(Tx tx, ProjectService.Scope scope, VersionStore.Version v) {
        return TagStore.byIds(tx, scope.project().id(), v.tags()).stream()
                .map(Tag::id)
                .toList();
    }

    private Secret visible(Actor actor, ProjectService.Scope scope, Secret s) {
        return authorizer.allows(actor, Action.READ_VALUE, secretAt(scope, s.key()))
                ? s
                : s.withValue(SecretValue.HIDDEN);
    }

    private static Resource secretAt(ProjectService.Scope scope, String key) {
        return scope.resource(Subject.SECRETS).secret(key, List.of());
    }

    private static ApiException notFound(String secretId) {
        return new ApiException.NotFound(
                "Secret '" + (secretId.length() > 80 ? secretId.substring(0, 80) + "…" : secretId) + "' not found.");
    }
}
