package dev.coffer.server.secrets;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.Commit;
import dev.coffer.server.projects.Folder;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import dev.coffer.server.tags.Tag;
import dev.coffer.server.tags.TagStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        ProjectService.Scope scope = place(actor, loc, Action.CREATE, inputs);
        Map<String, Tag> tags = db.read(tx -> resolveTags(tx, scope, inputs));
        for (SecretInput in : inputs) {
            authorizer.require(actor, Action.CREATE, secretAt(scope, in.key(), slugs(tags, in.tagIds(), List.of())));
        }
        long now = clock.millis();
        return db.write(tx -> {
            resolveTags(tx, scope, inputs);
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
        ProjectService.Scope scope = place(actor, loc, Action.EDIT, inputs);
        if (upsert) place(actor, loc, Action.CREATE, inputs);
        Map<String, Tag> tags = db.read(tx -> resolveTags(tx, scope, inputs));
        Map<String, List<String>> current =
                currentTags(scope, inputs.stream().map(SecretInput::key).toList());
        for (SecretInput in : inputs) {
            List<String> now = current.getOrDefault(in.key(), List.of());
            List<String> next = slugs(tags, in.tagIds(), now);
            authorizer.require(actor, Action.EDIT, secretAt(scope, in.key(), now));
            if (in.tagIds() != null) authorizer.require(actor, Action.EDIT, secretAt(scope, in.key(), next));
            if (upsert) authorizer.require(actor, Action.CREATE, secretAt(scope, in.key(), next));
            if (in.newKey() != null) authorizer.require(actor, Action.CREATE, secretAt(scope, in.newKey(), next));
        }
        long now = clock.millis();
        return db.write(tx -> {
            resolveTags(tx, scope, inputs);
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
        ProjectService.Scope scope =
                projects.scope(actor, loc.project(), loc.environment(), loc.path(), Action.DELETE, Subject.SECRETS);
        checkBatch(keys);
        Map<String, List<String>> current = currentTags(scope, keys);
        for (String key : keys) {
            authorizer.require(actor, Action.DELETE, secretAt(scope, key, current.getOrDefault(key, List.of())));
        }
        long now = clock.millis();
        return db.write(tx -> {
            Commit commit = begin(tx, scope, actor, now, "delete", keys.size());
            Folder folder = FolderStore.resolve(tx, scope.environment().id(), scope.path())
                    .orElseThrow(() -> SecretService.notFound(keys.getFirst(), scope));
            List<Secret> out = new ArrayList<>();
            for (String key : keys) {
                SecretRow row = SecretStore.byKeyForUpdate(tx, folder.id(), key)
                        .orElseThrow(() -> SecretService.notFound(key, scope));
                out.add(withTags(tx, codec.decrypt(tx, scope, scope.path(), row)));
                SecretStore.delete(tx, row, now, commit);
            }
            return out;
        });
    }

    /** The scope, with {@code action} required on the place, for a well-formed batch. */
    private ProjectService.Scope place(
            Actor actor, SecretService.Location loc, Action action, List<SecretInput> inputs) {
        ProjectService.Scope scope =
                projects.scope(actor, loc.project(), loc.environment(), loc.path(), action, Subject.SECRETS);
        checkBatch(inputs.stream().map(SecretInput::key).toList());
        return scope;
    }

    static Resource secretAt(ProjectService.Scope scope, String key, List<String> tagSlugs) {
        return scope.resource(Subject.SECRETS).secret(key, tagSlugs);
    }

    /** The tag slugs the named shared secrets of the scope's folder carry now (absent for none). */
    Map<String, List<String>> currentTags(ProjectService.Scope scope, List<String> keys) {
        return db.read(tx -> {
            Map<String, List<String>> out = new HashMap<>();
            var folder = FolderStore.resolve(tx, scope.environment().id(), scope.path());
            if (folder.isEmpty()) return out;
            Map<String, String> ids = new HashMap<>();
            for (String k : keys) SecretStore.byKey(tx, folder.get().id(), k).ifPresent(r -> ids.put(r.id(), k));
            SecretTagStore.of(tx, new ArrayList<>(ids.keySet()))
                    .forEach((id, t) ->
                            out.put(ids.get(id), t.stream().map(Tag::slug).toList()));
            return out;
        });
    }

    /**
     * The project's tags the inputs name, by id; an id that is no tag of the project (another
     * project's, or none) is a 400 naming it.
     */
    static Map<String, Tag> resolveTags(Tx tx, ProjectService.Scope scope, List<SecretInput> inputs) {
        Set<String> wanted = new LinkedHashSet<>();
        for (SecretInput in : inputs) if (in.tagIds() != null) wanted.addAll(in.tagIds());
        Map<String, Tag> found = new HashMap<>();
        if (wanted.isEmpty()) return found;
        for (Tag t : TagStore.byIds(tx, scope.project().id(), wanted)) found.put(t.id(), t);
        List<String> unknown =
                wanted.stream().filter(id -> !found.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException.BadRequest((unknown.size() == 1 ? "Tag '" : "Tags '")
                    + String.join(
                            "', '", unknown.stream().map(SecretWrites::shown).toList())
                    + (unknown.size() == 1 ? "' is" : "' are") + " not a tag of project '"
                    + scope.project().name()
                    + "'; list its tags with GET /api/v1/projects/"
                    + scope.project().id()
                    + "/tags. Nothing was written.");
        }
        return found;
    }

    /** The slugs of {@code tagIds} (resolved), or {@code current} when the input keeps the tags. */
    static List<String> slugs(Map<String, Tag> tags, List<String> tagIds, List<String> current) {
        if (tagIds == null) return current;
        return tagIds.stream()
                .map(id -> tags.get(id).slug())
                .distinct()
                .sorted()
                .toList();
    }

    /** The secret with the tags it carries now. */
    static Secret withTags(Tx tx, Secret s) {
        return s.withTags(SecretTagStore.of(tx, List.of(s.id())).getOrDefault(s.id(), List.of()));
    }

    private static String shown(String s) {
        return (s.length() > 64 ? s.substring(0, 64) + "…" : s).replaceAll("\\p{Cntrl}", "?");
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
        return insert(tx, scope, folder, in, now, commit, "");
    }

    /** Inserts a secret of {@code ownerId} (a personal override) or, with an empty owner, a shared one. */
    Secret insert(
            Tx tx, ProjectService.Scope scope, Folder folder, SecretInput in, long now, Commit commit, String ownerId) {
        String id = Ids.newId();
        String type = ownerId.isEmpty() ? "shared" : "personal";
        String projectId = scope.project().id();
        SecretValue value = in.value() == null ? SecretValue.EMPTY : in.value();
        SecretValue comment = in.comment() == null ? SecretValue.EMPTY : in.comment();
        SecretRow row = new SecretRow(
                id,
                folder.id(),
                in.key(),
                type,
                1,
                null,
                null,
                Boolean.TRUE.equals(in.skipMultiline()),
                in.reminderNote(),
                in.reminderDays(),
                in.metadata() == null ? Metadata.EMPTY : in.metadata(),
                now,
                now);
        String plainMetadata = row.metadata();
        row = sealed(tx, scope, row, value, comment);
        SecretStore.insert(tx, row, ownerId, in.tagIds(), commit);
        return withTags(
                tx,
                new Secret(
                        id,
                        projectId,
                        scope.environment().slug(),
                        scope.path(),
                        in.key(),
                        type,
                        1,
                        value,
                        comment,
                        row.skipMultiline(),
                        row.reminderNote(),
                        row.reminderDays(),
                        plainMetadata,
                        now,
                        now,
                        List.of()));
    }

    Secret change(
            Tx tx, ProjectService.Scope scope, Folder folder, SecretRow cur, SecretInput in, long now, Commit commit) {
        return change(tx, scope, folder, cur, in, now, commit, "");
    }

    /** Changes a secret of {@code ownerId} (empty: a shared one): a new version. */
    Secret change(
            Tx tx,
            ProjectService.Scope scope,
            Folder folder,
            SecretRow cur,
            SecretInput in,
            long now,
            Commit commit,
            String ownerId) {
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
        if (!newKey.equals(cur.key()) && "shared".equals(cur.type())) {
            // people's overrides follow the shared secret to its new name (each a new version of its own)
            SecretInput rename = new SecretInput(cur.key(), newKey, null, null, null, null, null, null);
            for (SecretStore.PersonalCopy o : SecretStore.overridesOf(tx, folder.id(), cur.key())) {
                change(tx, scope, folder, o.row(), rename, now, commit, o.ownerId());
            }
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
                in.metadata() != null ? in.metadata() : before.metadata(),
                cur.createdAt(),
                now);
        String plainMetadata = row.metadata();
        row = sealed(tx, scope, row, value, comment);
        SecretStore.update(tx, row, ownerId, in.tagIds(), commit);
        SecretStore.prune(tx, row.id(), version, versionsKept);
        return withTags(
                tx,
                new Secret(
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
                        plainMetadata,
                        cur.createdAt(),
                        now,
                        List.of()));
    }

    /** The row with its value, comment and metadata sealed for it: its id, version, folder, name and environment. */
    private SecretRow sealed(Tx tx, ProjectService.Scope scope, SecretRow row, SecretValue value, SecretValue comment) {
        return codec.sealed(tx, scope.project().id(), scope.environment().id(), row, value, comment);
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
