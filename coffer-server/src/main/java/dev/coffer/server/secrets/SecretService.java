package dev.coffer.server.secrets;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Subject;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.keys.SecretCipher;
import dev.coffer.server.keys.SecretCipher.Field;
import dev.coffer.server.projects.Folder;
import dev.coffer.server.projects.Folders;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading and writing secrets. Authorization first (through the project scope), then one transaction
 * per write; values and comments pass through {@link SecretCipher} and nowhere else. Every write makes
 * a new version row, so {@code ?version=N} can read any earlier state.
 */
public final class SecretService {

    /** Where a request points: project (id or slug), environment slug and folder path. */
    public record Location(String project, String environment, String path) {}

    static final int MAX_BATCH = 1000;

    private final Database db;
    private final ProjectService projects;
    private final SecretCipher cipher;

    public SecretService(Database db, ProjectService projects, SecretCipher cipher) {
        this.db = db;
        this.projects = projects;
        this.cipher = cipher;
    }

    /**
     * The secrets at a location (and below it when {@code recursive}), sorted by path and name. With
     * {@code expand}, references in values are replaced; each referenced environment needs read access.
     */
    public List<Secret> list(Actor actor, Location loc, boolean recursive, boolean expand) {
        ProjectService.Scope scope = projects.scope(actor, loc.project(), loc.environment(), Action.READ, Subject.SECRETS);
        SecretPath base = SecretPath.parse(loc.path());
        List<Secret> secrets = listIn(scope, base, recursive);
        return expand ? expandAll(actor, scope, secrets) : secrets;
    }

    private List<Secret> listIn(ProjectService.Scope scope, SecretPath base, boolean recursive) {
        return db.read(c -> {
            if (!recursive) {
                var folder = Folders.resolve(c, scope.environment().id(), base);
                if (folder.isEmpty()) return List.of();
                List<Secret> out = new ArrayList<>();
                for (SecretRow r : SecretStore.inFolder(c, folder.get().id())) out.add(decrypt(scope, base, r));
                return out;
            }
            Map<String, SecretPath> paths = Folders.paths(c, scope.environment().id());
            List<Secret> out = new ArrayList<>();
            for (SecretRow r : SecretStore.inEnvironment(c, scope.environment().id())) {
                SecretPath p = paths.get(r.folderId());
                if (p != null && p.within(base)) out.add(decrypt(scope, p, r));
            }
            out.sort((a, b) -> a.path().equals(b.path()) ? a.key().compareTo(b.key())
                    : a.path().toString().compareTo(b.path().toString()));
            return out;
        });
    }

    /** One secret, at its current or an earlier {@code version}; references expanded when asked. */
    public Secret get(Actor actor, Location loc, String key, Long version, boolean expand) {
        ProjectService.Scope scope = projects.scope(actor, loc.project(), loc.environment(), Action.READ, Subject.SECRETS);
        SecretPath path = SecretPath.parse(loc.path());
        Secret secret = db.read(c -> {
            SecretRow row = requireRow(c, scope, path, key);
            if (version != null && version != row.version()) {
                row = SecretStore.atVersion(c, row, version).orElseThrow(() -> new ApiException.NotFound(
                        "Secret '" + key + "' has no version " + version + "."));
            }
            return decrypt(scope, path, row);
        });
        return expand ? expandAll(actor, scope, List.of(secret)).getFirst() : secret;
    }

    private List<Secret> expandAll(Actor actor, ProjectService.Scope scope, List<Secret> secrets) {
        if (secrets.stream().noneMatch(s -> References.mayContain(s.value().reveal()))) return secrets;
        Map<String, Map<String, String>> folders = new HashMap<>();
        References.Lookup lookup = (env, path, key) -> Optional.ofNullable(
                folders.computeIfAbsent(env + "|" + path, k -> rawValues(actor, scope, env, path)).get(key));
        List<Secret> out = new ArrayList<>(secrets.size());
        for (Secret s : secrets) {
            String v = s.value().reveal();
            out.add(References.mayContain(v)
                    ? s.withValue(new SecretValue(References.expand(v, s.environment(), s.path(), s.key(), lookup)))
                    : s);
        }
        return out;
    }

    /** Raw values of one folder, for reference expansion; a missing environment or folder has none. */
    private Map<String, String> rawValues(Actor actor, ProjectService.Scope origin, String env, SecretPath path) {
        ProjectService.Scope scope;
        try {
            scope = projects.scope(actor, origin.project().id(), env, Action.READ, Subject.SECRETS);
        } catch (ApiException.NotFound e) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        for (Secret s : listIn(scope, path, false)) values.put(s.key(), s.value().reveal());
        return values;
    }

    public Secret create(Actor actor, Location loc, SecretInput in) {
        return createBatch(actor, loc, List.of(in)).getFirst();
    }

    public Secret update(Actor actor, Location loc, SecretInput in) {
        return updateBatch(actor, loc, List.of(in), false).getFirst();
    }

    public Secret delete(Actor actor, Location loc, String key) {
        return deleteBatch(actor, loc, List.of(key)).getFirst();
    }

    /** Creates every secret or none; an existing or repeated name fails the whole batch. */
    public List<Secret> createBatch(Actor actor, Location loc, List<SecretInput> inputs) {
        ProjectService.Scope scope = projects.scope(actor, loc.project(), loc.environment(), Action.CREATE, Subject.SECRETS);
        SecretPath path = SecretPath.parse(loc.path());
        checkBatch(inputs.stream().map(SecretInput::key).toList());
        long now = System.currentTimeMillis();
        return db.write(c -> {
            Folder folder = Folders.require(c, scope.environment(), path);
            List<Secret> out = new ArrayList<>();
            for (SecretInput in : inputs) {
                if (SecretStore.byKey(c, folder.id(), in.key()).isPresent()) {
                    throw new ApiException.BadRequest("Secret '" + in.key() + "' already exists at '" + path + "' in '"
                            + scope.environment().slug() + "'; update it instead.");
                }
                out.add(insert(c, scope, folder, path, in, now));
            }
            return out;
        });
    }

    /**
     * Updates every secret or none. Without {@code upsert}, a missing name fails the batch (404);
     * with it, missing names are created.
     */
    public List<Secret> updateBatch(Actor actor, Location loc, List<SecretInput> inputs, boolean upsert) {
        ProjectService.Scope scope = projects.scope(actor, loc.project(), loc.environment(), Action.EDIT, Subject.SECRETS);
        if (upsert) projects.scope(actor, loc.project(), loc.environment(), Action.CREATE, Subject.SECRETS);
        SecretPath path = SecretPath.parse(loc.path());
        checkBatch(inputs.stream().map(SecretInput::key).toList());
        long now = System.currentTimeMillis();
        return db.write(c -> {
            Folder folder = upsert ? Folders.ensure(c, scope.environment().id(), path, now)
                    : Folders.require(c, scope.environment(), path);
            List<Secret> out = new ArrayList<>();
            for (SecretInput in : inputs) {
                var existing = SecretStore.byKey(c, folder.id(), in.key());
                if (existing.isEmpty()) {
                    if (!upsert) throw notFound(in.key(), path, scope);
                    out.add(insert(c, scope, folder, path, in, now));
                    continue;
                }
                out.add(change(c, scope, folder, path, existing.get(), in, now));
            }
            return out;
        });
    }

    /** Deletes every named secret or none; returns them as they were. */
    public List<Secret> deleteBatch(Actor actor, Location loc, List<String> keys) {
        ProjectService.Scope scope = projects.scope(actor, loc.project(), loc.environment(), Action.DELETE, Subject.SECRETS);
        SecretPath path = SecretPath.parse(loc.path());
        checkBatch(keys);
        return db.write(c -> {
            List<Secret> out = new ArrayList<>();
            for (String key : keys) {
                SecretRow row = requireRow(c, scope, path, key);
                out.add(decrypt(scope, path, row));
                SecretStore.delete(c, row.id());
            }
            return out;
        });
    }

    private Secret insert(Connection c, ProjectService.Scope scope, Folder folder, SecretPath path, SecretInput in,
                          long now) throws SQLException {
        String id = Ids.newId();
        String projectId = scope.project().id();
        SecretValue value = in.value() == null ? SecretValue.EMPTY : in.value();
        SecretValue comment = in.comment() == null ? SecretValue.EMPTY : in.comment();
        SecretRow row = new SecretRow(id, folder.id(), in.key(), "shared", 1,
                cipher.seal(projectId, id, 1, Field.VALUE, value.reveal()),
                cipher.seal(projectId, id, 1, Field.COMMENT, comment.reveal()),
                Boolean.TRUE.equals(in.skipMultiline()), in.reminderNote(), in.reminderDays(),
                in.metadata() == null ? "[]" : in.metadata(), now, now);
        SecretStore.insert(c, row);
        return new Secret(id, projectId, scope.environment().slug(), path, in.key(), "shared", 1, value, comment,
                row.skipMultiline(), row.reminderNote(), row.reminderDays(), row.metadata(), now, now);
    }

    private Secret change(Connection c, ProjectService.Scope scope, Folder folder, SecretPath path, SecretRow cur,
                          SecretInput in, long now) throws SQLException {
        String projectId = scope.project().id();
        String newKey = in.newKey() == null || in.newKey().equals(cur.key()) ? cur.key() : in.newKey();
        if (!newKey.equals(cur.key()) && SecretStore.byKey(c, folder.id(), newKey).isPresent()) {
            throw new ApiException.BadRequest("Cannot rename '" + cur.key() + "' to '" + newKey + "': a secret with that "
                    + "name already exists at '" + path + "'.");
        }
        SecretValue value = in.value() != null ? in.value()
                : new SecretValue(cipher.open(projectId, cur.id(), cur.version(), Field.VALUE, cur.valueCt()));
        SecretValue comment = in.comment() != null ? in.comment()
                : new SecretValue(cipher.open(projectId, cur.id(), cur.version(), Field.COMMENT, cur.commentCt()));
        long version = cur.version() + 1;
        SecretRow row = new SecretRow(cur.id(), folder.id(), newKey, cur.type(), version,
                cipher.seal(projectId, cur.id(), version, Field.VALUE, value.reveal()),
                cipher.seal(projectId, cur.id(), version, Field.COMMENT, comment.reveal()),
                in.skipMultiline() != null ? in.skipMultiline() : cur.skipMultiline(),
                in.reminderNote() != null ? in.reminderNote() : cur.reminderNote(),
                in.reminderDays() != null ? in.reminderDays() : cur.reminderDays(),
                in.metadata() != null ? in.metadata() : cur.metadata(), cur.createdAt(), now);
        SecretStore.update(c, row);
        return new Secret(cur.id(), projectId, scope.environment().slug(), path, newKey, cur.type(), version, value, comment,
                row.skipMultiline(), row.reminderNote(), row.reminderDays(), row.metadata(), cur.createdAt(), now);
    }

    private SecretRow requireRow(Connection c, ProjectService.Scope scope, SecretPath path, String key) throws SQLException {
        var folder = Folders.resolve(c, scope.environment().id(), path);
        if (folder.isEmpty()) throw notFound(key, path, scope);
        return SecretStore.byKey(c, folder.get().id(), key).orElseThrow(() -> notFound(key, path, scope));
    }

    private Secret decrypt(ProjectService.Scope scope, SecretPath path, SecretRow r) {
        String projectId = scope.project().id();
        return new Secret(r.id(), projectId, scope.environment().slug(), path, r.key(), r.type(), r.version(),
                new SecretValue(cipher.open(projectId, r.id(), r.version(), Field.VALUE, r.valueCt())),
                new SecretValue(cipher.open(projectId, r.id(), r.version(), Field.COMMENT, r.commentCt())),
                r.skipMultiline(), r.reminderNote(), r.reminderDays(), r.metadata(), r.createdAt(), r.updatedAt());
    }

    private static void checkBatch(List<String> keys) {
        if (keys.isEmpty()) throw new ApiException.BadRequest("The batch is empty; send at least one secret.");
        if (keys.size() > MAX_BATCH) {
            throw new ApiException.BadRequest("A batch may hold at most " + MAX_BATCH + " secrets; split it into smaller batches.");
        }
        Set<String> seen = new HashSet<>();
        for (String k : keys) {
            SecretInput.validKey(k, "secretKey");
            if (!seen.add(k)) {
                throw new ApiException.BadRequest("Secret '" + k + "' appears more than once in the batch; send each name once.");
            }
        }
    }

    private static ApiException notFound(String key, SecretPath path, ProjectService.Scope scope) {
        return new ApiException.NotFound("Secret with name '" + key + "' not found at path '" + path + "' in environment '"
                + scope.environment().slug() + "'.");
    }
}
