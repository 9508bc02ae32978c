package dev.coffer.server.projects;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.Commit;
import dev.coffer.server.history.CommitStore;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for the folder tree of an environment, shared by folders and secrets. */
public final class FolderStore {

    private FolderStore() {}

    private static Folder folder(ResultSet rs) throws SQLException {
        return new Folder(
                rs.getString("id"),
                rs.getString("env_id"),
                rs.getString("parent_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getInt("version"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    /** The folder at {@code path} in the environment, or empty when some segment does not exist. */
    public static Optional<Folder> resolve(Tx tx, String envId, SecretPath path) {
        Optional<Folder> cur = Jdbc.one(
                tx, "SELECT * FROM folders WHERE env_id = ? AND parent_id IS NULL", FolderStore::folder, envId);
        for (String seg : path.segments()) {
            if (cur.isEmpty()) return cur;
            cur = child(tx, cur.get().id(), seg);
        }
        return cur;
    }

    /** Like {@link #resolve} but 404 with the path and environment when missing. */
    public static Folder require(Tx tx, Environment env, SecretPath path) {
        return resolve(tx, env.id(), path)
                .orElseThrow(() -> new ApiException.NotFound("Folder '" + path + "' not found in environment '"
                        + env.slug() + "'; create it first (POST /api/v1/folders)."));
    }

    /** The folder at {@code path}, creating any missing folders on the way (recorded in {@code commit}). */
    public static Folder ensure(Tx tx, String envId, SecretPath path, long now, Commit commit) {
        Folder cur = resolve(tx, envId, SecretPath.ROOT)
                .orElseThrow(() -> new IllegalStateException("environment without root"));
        for (String seg : path.segments()) {
            Optional<Folder> next = child(tx, cur.id(), seg);
            if (next.isPresent()) {
                cur = next.get();
            } else {
                Folder f = new Folder(Ids.newId(), envId, cur.id(), seg, null, 1, now, now);
                created(tx, f, commit);
                cur = f;
            }
        }
        return cur;
    }

    static Optional<Folder> child(Tx tx, String parentId, String name) {
        return Jdbc.one(
                tx, "SELECT * FROM folders WHERE parent_id = ? AND name = ?", FolderStore::folder, parentId, name);
    }

    static Optional<Folder> byId(Tx tx, String id) {
        return Jdbc.one(tx, "SELECT * FROM folders WHERE id = ?", FolderStore::folder, id);
    }

    static void insert(Tx tx, Folder f) {
        Jdbc.update(
                tx,
                "INSERT INTO folders (id, env_id, parent_id, name, description, version, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                f.id(),
                f.envId(),
                f.parentId(),
                f.name(),
                f.description(),
                f.version(),
                f.createdAt(),
                f.updatedAt());
    }

    /** Inserts a new (non-root) folder and records it in the commit, as a change of its parent. */
    static void created(Tx tx, Folder f, Commit commit) {
        insert(tx, f);
        CommitStore.folderVersion(tx, commit, f.id(), f.parentId(), f.name(), false);
        commit.touch(tx, f.parentId());
    }

    static void rename(Tx tx, Folder f, Commit commit) {
        CommitStore.folderVersion(tx, commit, f.id(), f.parentId(), f.name(), false);
        commit.touch(tx, f.parentId());
        Jdbc.update(
                tx,
                "UPDATE folders SET name = ?, description = ?, version = ?, updated_at = ? WHERE id = ?",
                f.name(),
                f.description(),
                f.version(),
                f.updatedAt(),
                f.id());
    }

    /**
     * Deletes a folder with everything below it; each secret in that subtree keeps its history, ending
     * in a tombstone version.
     */
    public static void delete(Tx tx, Folder f, long now, Commit commit) {
        tombstoneSecretsUnder(tx, f.id(), commit, now);
        List<Folder> all = all(tx, f.envId());
        for (Folder d : subtree(all, f.id()))
            CommitStore.folderVersion(tx, commit, d.id(), d.parentId(), d.name(), true);
        commit.touch(tx, f.parentId());
        Jdbc.update(tx, "DELETE FROM folders WHERE id = ?", f.id());
    }

    /**
     * Ends the history of every secret in the folder and below it with a tombstone version (deleted,
     * empty ciphertexts), before the folder, or its environment, is deleted with them.
     */
    static void tombstoneSecretsUnder(Tx tx, String folderId, Commit commit, long now) {
        String tree = "WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL "
                + "SELECT c.id FROM folders c JOIN tree ON c.parent_id = tree.id) ";
        for (String touched : Jdbc.list(
                tx,
                tree + "SELECT DISTINCT s.folder_id FROM secrets s WHERE s.folder_id IN (SELECT id FROM tree)",
                rs -> rs.getString(1),
                folderId)) {
            commit.touch(tx, touched);
        }
        Jdbc.update(
                tx,
                "INSERT INTO secret_versions (secret_id, version, project_id, folder_id, secret_key, value_ct, "
                        + "comment_ct, deleted, created_at, env_id, commit_seq, actor_kind, actor_id, actor_name, "
                        + "skip_multiline, reminder_note, reminder_days, metadata, type, owner_id) " + tree
                        + "SELECT s.id, s.version + 1, ?, s.folder_id, s.secret_key, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "s.skip_multiline, s.reminder_note, s.reminder_days, s.metadata, s.type, s.owner_id "
                        + "FROM secrets s "
                        + "WHERE s.folder_id IN (SELECT id FROM tree)",
                folderId,
                commit.projectId(),
                new byte[0],
                new byte[0],
                true,
                commit.at(),
                commit.envId(),
                commit.seq(),
                commit.actorKind(),
                commit.actorId(),
                commit.actorName());
    }

    /** The folder with {@code rootId} and every folder below it, among {@code all}. */
    static List<Folder> subtree(List<Folder> all, String rootId) {
        Map<String, List<Folder>> children = new HashMap<>();
        Folder root = null;
        for (Folder f : all) {
            if (f.id().equals(rootId)) root = f;
            if (f.parentId() != null)
                children.computeIfAbsent(f.parentId(), k -> new ArrayList<>()).add(f);
        }
        List<Folder> out = new ArrayList<>();
        if (root == null) return out;
        out.add(root);
        for (int i = 0; i < out.size(); i++)
            out.addAll(children.getOrDefault(out.get(i).id(), List.of()));
        return out;
    }

    /** Every folder of the environment. */
    public static List<Folder> all(Tx tx, String envId) {
        return Jdbc.list(tx, "SELECT * FROM folders WHERE env_id = ?", FolderStore::folder, envId);
    }

    /** Every folder of the environment with its full path. */
    public static Map<String, SecretPath> paths(Tx tx, String envId) {
        return paths(all(tx, envId));
    }

    static Map<String, SecretPath> paths(List<Folder> all) {
        Map<String, Folder> byId = new HashMap<>();
        for (Folder f : all) byId.put(f.id(), f);
        Map<String, SecretPath> out = new HashMap<>();
        for (Folder f : all) {
            List<String> segs = new ArrayList<>();
            Folder cur = f;
            for (int guard = 0; cur != null && cur.parentId() != null && guard < 1000; guard++) {
                segs.addFirst(cur.name());
                cur = byId.get(cur.parentId());
            }
            out.put(f.id(), new SecretPath(segs));
        }
        return out;
    }
}
