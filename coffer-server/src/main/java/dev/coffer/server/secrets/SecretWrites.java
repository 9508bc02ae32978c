package dev.coffer.server.secrets;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Subject;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.Commit;
import dev.coffer.server.keys.Barrier.Field;
import dev.coffer.server.projects.Folder;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creating, changing and deleting secrets, in batches that commit whole or not at all. Each write
 * makes a new version; writers of one secret take turns (the row is locked), so concurrent updates
 * get consecutive versions and concurrent creates of one name leave exactly one secret (the others
 * are told it exists).
 */
public final class SecretWrites {

    static final int MAX_BATCH = 1000;

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final SecretCodec codec;
    private final Clock clock;
    private final int versionsKept;

    SecretWrites(
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

    public Secret create(Actor actor, SecretService.Location loc, SecretInput in) {
        return createBatch(actor, loc, List.of(in)).getFirst();
    }

    public Secret update(Actor actor, SecretService.Location loc, SecretInput in) {
        return updateBatch(actor, loc, List.of(in), false).getFirst();
    }

    public Secret delete(Actor actor, SecretService.Location loc, String key) {
        return deleteBatch(actor, loc, List.of(key)).getFirst();
    }

    /** Creates every secret or none; an existing or repeated name fails the whole batch. */
    public List<Secret> createBatch(Actor actor, SecretService.Location loc, List<SecretInput> inputs) {
        ProjectService.Scope scope = authorized(
                actor, loc, Action.CREATE, inputs.stream().map(SecretInput::key).toList());
        long now = clock.millis();
        return db.write(tx -> {
            Commit commit = begin(tx, scope, actor, now, "create", inputs.size());
            Folder folder = FolderStore.require(tx, scope.environment(), scope.path());
            List<Secret> out = new ArrayList<>();
            for (SecretInput in : inputs) {
                if (SecretStore.byKey(tx, folder.id(), in.key()).isPresent()) {
                    throw new ApiException.BadRequest("Secret '" + in.key() + "' already exists at '" + scope.path()
                            + "' in '" + scope.environment().slug() + "'; update it instead.");
                }
                out.add(insert(tx, scope, folder, in, now, commit));
            }
            return out;
        });
    }

    /**
     * Updates every secret or none. Without {@code upsert}, a missing name fails the batch (404);
     * with it, missing names (and folders) are created.
     */
    public List<Secret> updateBatch(Actor actor, SecretService.Location loc, List<SecretInput> inputs, boolean upsert) {
        List<String> keys = inputs.stream().map(SecretInput::key).toList();
        ProjectService.Scope scope = authorized(actor, loc, Action.EDIT, keys);
        if (upsert) authorized(actor, loc, Action.CREATE, keys);
        for (SecretInput in : inputs) {
            if (in.newKey() != null)
                authorizer.require(
                        actor, Action.CREATE, scope.resource(Subject.SECRETS).secret(in.newKey(), List.of()));
        }
        long now = clock.millis();
        return db.write(tx -> {
            Commit commit = begin(tx, scope, actor, now, "update", inputs.size());
            Folder folder = upsert
                    ? FolderStore.ensure(tx, scope.environment().id(), scope.path(), now, commit)
                    : FolderStore.require(tx, scope.environment(), scope.path());
            List<Secret> out = new ArrayList<>();
            for (SecretInput in : inputs) {
                var existing = SecretStore.byKeyForUpdate(tx, folder.id(), in.key());
                if (existing.isEmpty()) {
                    if (!upsert) throw SecretService.notFound(in.key(), scope);
                    if (in.expectedVersion() != null) {
                        throw new ApiException.Conflict(
                                "Secret '" + in.key() + "' does not exist, but the change " + "expected version "
                                        + in.expectedVersion() + ": it was deleted meanwhile; nothing was written.");
                    }
                    out.add(insert(tx, scope, folder, in, now, commit));
                } else {
                    out.add(change(tx, scope, folder, existing.get(), in, now, commit));
                }
            }
            return out;
        });
    }

    /** Deletes every named secret or none; returns them as they were. Their history stays. */
    public List<Secret> deleteBatch(Actor actor, SecretService.Location loc, List<String> keys) {
        ProjectService.Scope scope = authorized(actor, loc, Action.DELETE, keys);
        long now = clock.millis();
        return db.write(tx -> {
            Commit commit = begin(tx, scope, actor, now, "delete", keys.size());
            Folder folder = FolderStore.resolve(tx, scope.environment().id(), scope.path())
                    .orElseThrow(() -> SecretService.notFound(keys.getFirst(), scope));
            List<Secret> out = new ArrayList<>();
            for (String key : keys) {
                SecretRow row = SecretStore.byKeyForUpdate(tx, folder.id(), key)
                        .orElseThrow(() -> SecretService.notFound(key, scope));
                out.add(codec.decrypt(tx, scope, scope.path(), row));
                SecretStore.delete(tx, row, now, commit);
            }
            return out;
        });
    }

    /** The scope, with {@code action} required on the place and then on each named secret of a well-formed batch. */
    private ProjectService.Scope authorized(Actor actor, SecretService.Location loc, Action action, List<String> keys) {
        ProjectService.Scope scope =
                projects.scope(actor, loc.project(), loc.environment(), loc.path(), action, Subject.SECRETS);
        checkBatch(keys);
        for (String key : keys)
            authorizer.require(actor, action, scope.resource(Subject.SECRETS).secret(key, List.of()));
        return scope;
    }

    /** The commit of a write of {@code n} secrets at the scope's place. */
    static Commit begin(Tx tx, ProjectService.Scope scope, Actor actor, long now, String verb, int n) {
        return Commit.begin(
                tx,
                scope.project().id(),
                scope.environment().id(),
                actor,
                now,
                verb + " " + n + (n == 1 ? " secret" : " secrets") + " at " + scope.path());
    }

    Secret insert(Tx tx, ProjectService.Scope scope, Folder folder, SecretInput in, long now, Commit commit) {
        String id = Ids.newId();
        String projectId = scope.project().id();
        SecretValue value = in.value() == null ? SecretValue.EMPTY : in.value();
        SecretValue comment = in.comment() == null ? SecretValue.EMPTY : in.comment();
        SecretRow row = new SecretRow(
                id,
                folder.id(),
                in.key(),
                "shared",
                1,
                null,
                null,
                Boolean.TRUE.equals(in.skipMultiline()),
                in.reminderNote(),
                in.reminderDays(),
                in.metadata() == null ? "[]" : in.metadata(),
                now,
                now);
        row = sealed(tx, scope, row, value, comment);
        SecretStore.insert(tx, row, commit);
        return new Secret(
                id,
                projectId,
                scope.environment().slug(),
                scope.path(),
                in.key(),
                "shared",
                1,
                value,
                comment,
                row.skipMultiline(),
                row.reminderNote(),
                row.reminderDays(),
                row.metadata(),
                now,
                now);
    }

    Secret change(
            Tx tx, ProjectService.Scope scope, Folder folder, SecretRow cur, SecretInput in, long now, Commit commit) {
        String projectId = scope.project().id();
        if (in.expectedVersion() != null && in.expectedVersion() != cur.version()) {
            throw new ApiException.Conflict("Secret '" + cur.key() + "' is at version " + cur.version() + ", not "
                    + in.expectedVersion() + " as the change expected: someone changed it meanwhile. Read it again "
                    + "and send the change with the new version; nothing was written.");
        }
        String newKey = in.newKey() == null || in.newKey().equals(cur.key()) ? cur.key() : in.newKey();
        if (!newKey.equals(cur.key())
                && SecretStore.byKey(tx, folder.id(), newKey).isPresent()) {
            throw new ApiException.BadRequest("Cannot rename '" + cur.key() + "' to '" + newKey
                    + "': a secret with that " + "name already exists at '" + scope.path() + "'.");
        }
        Secret before = codec.decrypt(tx, scope, scope.path(), cur);
        SecretValue value = in.value() != null ? in.value() : before.value();
        SecretValue comment = in.comment() != null ? in.comment() : before.comment();
        long version = cur.version() + 1;
        SecretRow row = new SecretRow(
                cur.id(),
                folder.id(),
                newKey,
                cur.type(),
                version,
                null,
                null,
                in.skipMultiline() != null ? in.skipMultiline() : cur.skipMultiline(),
                in.reminderNote() != null ? in.reminderNote() : cur.reminderNote(),
                in.reminderDays() != null ? in.reminderDays() : cur.reminderDays(),
                in.metadata() != null ? in.metadata() : cur.metadata(),
                cur.createdAt(),
                now);
        row = sealed(tx, scope, row, value, comment);
        SecretStore.update(tx, row, commit);
        SecretStore.prune(tx, row.id(), version, versionsKept);
        return new Secret(
                cur.id(),
                projectId,
                scope.environment().slug(),
                scope.path(),
                newKey,
                cur.type(),
                version,
                value,
                comment,
                row.skipMultiline(),
                row.reminderNote(),
                row.reminderDays(),
                row.metadata(),
                cur.createdAt(),
                now);
    }

    /** The row with its value and comment sealed for it: its id, version, folder, name and environment. */
    private SecretRow sealed(Tx tx, ProjectService.Scope scope, SecretRow row, SecretValue value, SecretValue comment) {
        String projectId = scope.project().id();
        String envId = scope.environment().id();
        return row.withCiphertexts(
                codec.seal(tx, projectId, envId, row, Field.VALUE, value),
                codec.seal(tx, projectId, envId, row, Field.COMMENT, comment));
    }

    private static void checkBatch(List<String> keys) {
        if (keys.isEmpty()) throw new ApiException.BadRequest("The batch is empty; send at least one secret.");
        if (keys.size() > MAX_BATCH) {
            throw new ApiException.BadRequest(
                    "A batch may hold at most " + MAX_BATCH + " secrets; split it into smaller batches.");
        }
        Set<String> seen = new HashSet<>();
        for (String k : keys) {
            SecretInput.validKey(k, "secretKey");
            if (!seen.add(k)) {
                throw new ApiException.BadRequest(
                        "Secret '" + k + "' appears more than once in the batch; send each name once.");
            }
        }
    }
}
