package dev.coffer.server.projects;

import dev.coffer.server.http.ApiException;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Folder tree SQL shared by folders and secrets: resolving paths, creating missing folders, whole trees. */
public final class Folders {

    private Folders() {}

    static Folder folder(ResultSet rs) throws SQLException {
        return new Folder(rs.getString("id"), rs.getString("env_id"), rs.getString("parent_id"), rs.getString("name"),
                rs.getString("description"), rs.getInt("version"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    /** The folder at {@code path} in the environment, or empty when some segment does not exist. */
    public static Optional<Folder> resolve(Connection c, String envId, SecretPath path) throws SQLException {
        Optional<Folder> cur = Jdbc.one(c, "SELECT * FROM folders WHERE env_id = ? AND parent_id IS NULL", Folders::folder, envId);
        for (String seg : path.segments()) {
            if (cur.isEmpty()) return cur;
            cur = Jdbc.one(c, "SELECT * FROM folders WHERE parent_id = ? AND name = ?", Folders::folder, cur.get().id(), seg);
        }
        return cur;
    }

    /** Like {@link #resolve} but 404 with the path and environment when missing. */
    public static Folder require(Connection c, Environment env, SecretPath path) throws SQLException {
        return resolve(c, env.id(), path).orElseThrow(() -> new ApiException.NotFound("Folder '" + path
                + "' not found in environment '" + env.slug() + "'; create it first (POST /api/v1/folders)."));
    }

    /** The folder at {@code path}, creating any missing folders on the way. Call inside a write transaction. */
    public static Folder ensure(Connection c, String envId, SecretPath path, long now) throws SQLException {
        Folder cur = resolve(c, envId, SecretPath.ROOT).orElseThrow(() -> new IllegalStateException("environment without root"));
        for (String seg : path.segments()) {
            Optional<Folder> next = Jdbc.one(c, "SELECT * FROM folders WHERE parent_id = ? AND name = ?", Folders::folder,
                    cur.id(), seg);
            if (next.isPresent()) {
                cur = next.get();
            } else {
                Folder f = new Folder(Ids.newId(), envId, cur.id(), seg, null, 1, now, now);
                insert(c, f);
                cur = f;
            }
        }
        return cur;
    }

    static void insert(Connection c, Folder f) throws SQLException {
        Jdbc.update(c, "INSERT INTO folders (id, env_id, parent_id, name, description, version, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", f.id(), f.envId(), f.parentId(), f.name(), f.description(), f.version(),
                f.createdAt(), f.updatedAt());
    }

    /** Every folder of the environment with its full path, root first, then by depth and name. */
    public static Map<String, SecretPath> paths(Connection c, String envId) throws SQLException {
        List<Folder> all = Jdbc.list(c, "SELECT * FROM folders WHERE env_id = ?", Folders::folder, envId);
        return paths(all);
    }

    static Map<String, SecretPath> paths(List<Folder> all) {
        Map<String, Folder> byId = new HashMap<>();
        for (Folder f : all) byId.put(f.id(), f);
        Map<String, SecretPath> out = new HashMap<>();
        for (Folder f : all) out.put(f.id(), pathOf(f, byId, out));
        return out;
    }

    private static SecretPath pathOf(Folder f, Map<String, Folder> byId, Map<String, SecretPath> memo) {
        SecretPath known = memo.get(f.id());
        if (known != null) return known;
        List<String> segs = new ArrayList<>();
        Folder cur = f;
        int guard = 0;
        while (cur != null && cur.parentId() != null && guard++ < 1000) {
            segs.addFirst(cur.name());
            cur = byId.get(cur.parentId());
        }
        return new SecretPath(segs);
    }

    static List<Folder> all(Connection c, String envId) throws SQLException {
        return Jdbc.list(c, "SELECT * FROM folders WHERE env_id = ?", Folders::folder, envId);
    }
}
