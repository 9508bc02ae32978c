package dev.coffer.server.events;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a commit changed, as change events tell it: the shared secrets' version rows it wrote (with the
 * version before each, to tell a creation from an update and a move from an edit), and the folders that
 * import a folder. Reads names, versions and places only; never a ciphertext.
 */
public final class ChangeStore {

    private ChangeStore() {}

    /** One version row a commit wrote, with what the secret was just before (null fields if unknown). */
    public record Written(
            String secretId,
            long version,
            String folderId,
            String key,
            boolean deleted,
            String tagIds,
            String previousFolderId,
            Boolean previousDeleted) {}

    /** A folder that imports another: the importing folder and its environment. */
    public record Importer(String folderId, String envId) {}

    /** The shared secrets' versions written by commit {@code seq} of the environment. */
    public static List<Written> writtenBy(Tx tx, String envId, long seq) {
        return Jdbc.list(
                tx,
                "SELECT v.secret_id, v.version, v.folder_id, v.secret_key, v.deleted, v.tag_ids, "
                        + "p.folder_id, p.deleted FROM secret_versions v "
                        + "LEFT JOIN secret_versions p ON p.secret_id = v.secret_id AND p.version = v.version - 1 "
                        + "WHERE v.env_id = ? AND v.commit_seq = ? AND v.type <> 'personal' "
                        + "ORDER BY v.secret_key, v.secret_id",
                rs -> {
                    String prevFolder = rs.getString(7);
                    boolean prevDeleted = rs.getBoolean(8);
                    return new Written(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getBoolean(5),
                            rs.getString(6),
                            prevFolder,
                            prevFolder == null ? null : prevDeleted);
                },
                envId,
                seq);
    }

    /** The folders that import {@code path} of the environment directly. */
    public static List<Importer> importersOf(Tx tx, String envId, Collection<String> paths) {
        List<Importer> out = new ArrayList<>();
        for (String path : paths) {
            out.addAll(Jdbc.list(
                    tx,
                    "SELECT i.folder_id, f.env_id FROM secret_imports i JOIN folders f ON f.id = i.folder_id "
                            + "WHERE i.import_env_id = ? AND i.import_path = ?",
                    rs -> new Importer(rs.getString(1), rs.getString(2)),
                    envId,
                    path));
        }
        return out;
    }
}
