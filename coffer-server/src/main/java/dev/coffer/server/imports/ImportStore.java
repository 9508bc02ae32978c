package dev.coffer.server.imports;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;
import java.util.Optional;

/** SQL for secret imports: the folders a folder includes, in 1-based position order. */
public final class ImportStore {

    /** One import of a folder: the environment (by id) and path it includes, and its place in the order. */
    public record Row(
            String id,
            String folderId,
            String importEnvId,
            String importPath,
            int position,
            long createdAt,
            long updatedAt) {}

    private static final String COLS = "id, folder_id, import_env_id, import_path, position, created_at, updated_at";

    private ImportStore() {}

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getLong(6),
                rs.getLong(7));
    }

    /** The folder's imports in order. */
    public static List<Row> ofFolder(Tx tx, String folderId) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM secret_imports WHERE folder_id = ? ORDER BY position, id",
                ImportStore::row,
                folderId);
    }

    static Optional<Row> byId(Tx tx, String id) {
        return Jdbc.one(tx, "SELECT " + COLS + " FROM secret_imports WHERE id = ?", ImportStore::row, id);
    }

    static void insert(Tx tx, Row r) {
        Jdbc.update(
                tx,
                "INSERT INTO secret_imports (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                r.id(),
                r.folderId(),
                r.importEnvId(),
                r.importPath(),
                r.position(),
                r.createdAt(),
                r.updatedAt());
    }

    static void update(Tx tx, Row r) {
        Jdbc.update(
                tx,
                "UPDATE secret_imports SET import_env_id = ?, import_path = ?, position = ?, updated_at = ? WHERE id = ?",
                r.importEnvId(),
                r.importPath(),
                r.position(),
                r.updatedAt(),
                r.id());
    }

    static void delete(Tx tx, String id) {
        Jdbc.update(tx, "DELETE FROM secret_imports WHERE id = ?", id);
    }

    /** Locks the folder's imports for a change of their order (PostgreSQL; SQLite writes one at a time). */
    static void lockFolder(Tx tx, String folderId) {
        Jdbc.update(tx, "UPDATE folders SET updated_at = updated_at WHERE id = ?", folderId);
    }
}
