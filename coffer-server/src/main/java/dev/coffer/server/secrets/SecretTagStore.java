package dev.coffer.server.secrets;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import dev.coffer.server.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL for which tags live secrets carry ({@code secret_tag_links}). */
final class SecretTagStore {

    private SecretTagStore() {}

    private static final int CHUNK = 500;

    private static final String TAG_COLUMNS = "SELECT l.secret_id, t.id, t.project_id, t.slug, t.name, t.color,"
            + " t.created_by, t.created_by_kind, t.created_at, t.updated_at FROM secret_tag_links l"
            + " JOIN project_tags t ON t.id = l.tag_id ";

    /** The tags of the secrets of a folder (by slug), keyed by secret id; secrets without tags are absent. */
    static Map<String, List<Tag>> inFolder(Tx tx, String folderId) {
        Map<String, List<Tag>> out = new HashMap<>();
        Jdbc.list(
                tx,
                TAG_COLUMNS + "JOIN secrets s ON s.id = l.secret_id WHERE s.folder_id = ? ORDER BY t.slug",
                rs -> collect(out, rs),
                folderId);
        return out;
    }

    /** The tags of each of the secrets (by slug), keyed by secret id; secrets without tags are absent. */
    static Map<String, List<Tag>> of(Tx tx, List<String> secretIds) {
        Map<String, List<Tag>> out = new HashMap<>();
        for (int i = 0; i < secretIds.size(); i += CHUNK) {
            List<String> chunk = secretIds.subList(i, Math.min(secretIds.size(), i + CHUNK));
            Jdbc.list(
                    tx,
                    TAG_COLUMNS + "WHERE l.secret_id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                            + ") ORDER BY t.slug",
                    rs -> collect(out, rs),
                    chunk.toArray());
        }
        return out;
    }

    private static Object collect(Map<String, List<Tag>> out, ResultSet rs) throws SQLException {
        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Tag(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getLong(9),
                        rs.getLong(10)));
        return null;
    }

    /** The ids of the tags a secret carries. */
    static List<String> idsOf(Tx tx, String secretId) {
        return Jdbc.list(
                tx,
                "SELECT tag_id FROM secret_tag_links WHERE secret_id = ? ORDER BY tag_id",
                rs -> rs.getString(1),
                secretId);
    }

    /** Makes the secret carry exactly these tags. */
    static void set(Tx tx, String secretId, List<String> tagIds) {
        Jdbc.update(tx, "DELETE FROM secret_tag_links WHERE secret_id = ?", secretId);
        for (String t : tagIds) {
            Jdbc.update(tx, "INSERT INTO secret_tag_links (secret_id, tag_id) VALUES (?, ?)", secretId, t);
        }
    }
}
