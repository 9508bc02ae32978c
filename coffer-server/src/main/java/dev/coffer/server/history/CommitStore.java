package dev.coffer.server.history;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;
import java.util.Optional;

/** SQL for commits, the folders they changed, and folder versions. */
public final class CommitStore {

    private CommitStore() {}

    /** A stored commit. */
    public record Row(
            String id,
            String projectId,
            String envId,
            long seq,
            String actorKind,
            String actorId,
            String actorName,
            String message,
            long createdAt) {}

    /** A folder as one commit left it (root folders have none). */
    public record FolderVersion(String folderId, long seq, String parentId, String name, boolean deleted) {}

    private static final String COLS =
            "id, project_id, env_id, seq, actor_kind, actor_id, actor_name, message, created_at";

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getLong(9));
    }

    /** The environment's next commit number; the update locks its row until the unit of work ends. */
    static long nextSeq(Tx tx, String envId) {
        int n = Jdbc.update(tx, "UPDATE environments SET commit_seq = commit_seq + 1 WHERE id = ?", envId);
        if (n != 1) throw new IllegalStateException("no environment " + envId);
        return Jdbc.one(tx, "SELECT commit_seq FROM environments WHERE id = ?", rs -> rs.getLong(1), envId)
                .orElseThrow();
    }

    static long lastTime(Tx tx, String envId) {
        return Jdbc.one(
                        tx,
                        "SELECT MAX(created_at) FROM commits WHERE env_id = ?",
                        rs -> {
                            long v = rs.getLong(1);
                            return rs.wasNull() ? 0L : v;
                        },
                        envId)
                .orElse(0L);
    }

    static void insert(Tx tx, Commit c) {
        Jdbc.update(
                tx,
                "INSERT INTO commits (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.id(),
                c.projectId(),
                c.envId(),
                c.seq(),
                c.actorKind(),
                c.actorId(),
                c.actorName(),
                c.message(),
                c.at());
    }

    static void touch(Tx tx, String commitId, String folderId) {
        Jdbc.update(tx, "INSERT INTO commit_folders (commit_id, folder_id) VALUES (?, ?)", commitId, folderId);
    }

    /** Records a folder's state as of this commit (created, renamed or deleted). */
    public static void folderVersion(Tx tx, Commit c, String folderId, String parentId, String name, boolean deleted) {
        Jdbc.update(
                tx,
                "INSERT INTO folder_versions (folder_id, seq, project_id, env_id, parent_id, name, deleted) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                folderId,
                c.seq(),
                c.projectId(),
                c.envId(),
                parentId,
                name,
                deleted);
    }

    /** The last version at or before {@code seq} of every non-root folder the environment ever had. */
    public static List<FolderVersion> foldersAt(Tx tx, String envId, long seq) {
        return Jdbc.list(
                tx,
                "SELECT v.folder_id, v.seq, v.parent_id, v.name, v.deleted FROM folder_versions v WHERE v.env_id = ? "
                        + "AND v.seq = (SELECT MAX(w.seq) FROM folder_versions w WHERE w.folder_id = v.folder_id "
                        + "AND w.seq <= ?)",
                rs -> new FolderVersion(
                        rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)),
                envId,
                seq);
    }

    /** The folder versions a commit wrote. */
    public static List<FolderVersion> foldersOf(Tx tx, String envId, long seq) {
        return Jdbc.list(
                tx,
                "SELECT folder_id, seq, parent_id, name, deleted FROM folder_versions WHERE env_id = ? AND seq = ?",
                rs -> new FolderVersion(
                        rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)),
                envId,
                seq);
    }

    /** The last version of a folder at or before {@code seq}, if history has one. */
    public static Optional<FolderVersion> folderAt(Tx tx, String folderId, long seq) {
        return Jdbc.one(
                tx,
                "SELECT folder_id, seq, parent_id, name, deleted FROM folder_versions WHERE folder_id = ? "
                        + "AND seq <= ? ORDER BY seq DESC LIMIT 1",
                rs -> new FolderVersion(
                        rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)),
                folderId,
                seq);
    }

    public static Optional<Row> byId(Tx tx, String id) {
        return Jdbc.one(tx, "SELECT " + COLS + " FROM commits WHERE id = ?", CommitStore::row, id);
    }

    /** The last commit of the environment made at or before {@code time} (epoch ms). */
    public static Optional<Row> lastAtOrBefore(Tx tx, String envId, long time) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM commits WHERE env_id = ? AND created_at <= ? ORDER BY seq DESC LIMIT 1",
                CommitStore::row,
                envId,
                time);
    }

    /** The commits that changed any of the folders, newest first. */
    public static List<Row> ofFolders(Tx tx, String envId, List<String> folderIds, int offset, int limit) {
        if (folderIds.isEmpty()) return List.of();
        String marks = String.join(", ", java.util.Collections.nCopies(folderIds.size(), "?"));
        Object[] args = new Object[folderIds.size() + 3];
        args[0] = envId;
        for (int i = 0; i < folderIds.size(); i++) args[i + 1] = folderIds.get(i);
        args[args.length - 2] = limit;
        args[args.length - 1] = offset;
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM commits WHERE env_id = ? AND id IN (SELECT commit_id FROM commit_folders "
                        + "WHERE folder_id IN (" + marks + ")) ORDER BY seq DESC LIMIT ? OFFSET ?",
                CommitStore::row,
                args);
    }
}
