package dev.coffer.server.secrets;

import dev.coffer.server.store.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for secrets and their versions. Shared secrets only: personal overrides arrive with users. */
final class SecretStore {

    private SecretStore() {}

    private static final String COLS = "id, folder_id, secret_key, type, version, value_ct, comment_ct, skip_multiline, "
            + "reminder_note, reminder_days, metadata, created_at, updated_at";

    static SecretRow row(ResultSet rs) throws SQLException {
        int days = rs.getInt("reminder_days");
        Integer reminderDays = rs.wasNull() ? null : days;
        return new SecretRow(rs.getString("id"), rs.getString("folder_id"), rs.getString("secret_key"), rs.getString("type"),
                rs.getLong("version"), rs.getBytes("value_ct"), rs.getBytes("comment_ct"), rs.getBoolean("skip_multiline"),
                rs.getString("reminder_note"), reminderDays, rs.getString("metadata"), rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    static List<SecretRow> inFolder(Connection c, String folderId) throws SQLException {
        return Jdbc.list(c, "SELECT " + COLS + " FROM secrets WHERE folder_id = ? AND type = 'shared' ORDER BY secret_key",
                SecretStore::row, folderId);
    }

    static List<SecretRow> inEnvironment(Connection c, String envId) throws SQLException {
        return Jdbc.list(c, "SELECT s.id, s.folder_id, s.secret_key, s.type, s.version, s.value_ct, s.comment_ct, "
                + "s.skip_multiline, s.reminder_note, s.reminder_days, s.metadata, s.created_at, s.updated_at "
                + "FROM secrets s JOIN folders f ON f.id = s.folder_id WHERE f.env_id = ? AND s.type = 'shared' "
                + "ORDER BY s.secret_key", SecretStore::row, envId);
    }

    static Optional<SecretRow> byKey(Connection c, String folderId, String key) throws SQLException {
        return Jdbc.one(c, "SELECT " + COLS + " FROM secrets WHERE folder_id = ? AND secret_key = ? AND type = 'shared'",
                SecretStore::row, folderId, key);
    }

    /** The row as it was at {@code version}: key, value and comment from the version table. */
    static Optional<SecretRow> atVersion(Connection c, SecretRow current, long version) throws SQLException {
        return Jdbc.one(c, "SELECT secret_key, value_ct, comment_ct, created_at FROM secret_versions "
                + "WHERE secret_id = ? AND version = ?", rs -> new SecretRow(current.id(), current.folderId(),
                rs.getString(1), current.type(), version, rs.getBytes(2), rs.getBytes(3), current.skipMultiline(),
                current.reminderNote(), current.reminderDays(), current.metadata(), current.createdAt(), rs.getLong(4)),
                current.id(), version);
    }

    static void insert(Connection c, SecretRow s) throws SQLException {
        Jdbc.update(c, "INSERT INTO secrets (" + COLS + ", owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
                s.id(), s.folderId(), s.key(), s.type(), s.version(), s.valueCt(), s.commentCt(), s.skipMultiline(),
                s.reminderNote(), s.reminderDays(), s.metadata(), s.createdAt(), s.updatedAt());
        insertVersion(c, s);
    }

    static void update(Connection c, SecretRow s) throws SQLException {
        Jdbc.update(c, "UPDATE secrets SET secret_key = ?, version = ?, value_ct = ?, comment_ct = ?, skip_multiline = ?, "
                + "reminder_note = ?, reminder_days = ?, metadata = ?, updated_at = ? WHERE id = ?", s.key(), s.version(),
                s.valueCt(), s.commentCt(), s.skipMultiline(), s.reminderNote(), s.reminderDays(), s.metadata(),
                s.updatedAt(), s.id());
        insertVersion(c, s);
    }

    private static void insertVersion(Connection c, SecretRow s) throws SQLException {
        Jdbc.update(c, "INSERT INTO secret_versions (secret_id, version, secret_key, value_ct, comment_ct, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", s.id(), s.version(), s.key(), s.valueCt(), s.commentCt(), s.updatedAt());
    }

    static void delete(Connection c, String id) throws SQLException {
        Jdbc.update(c, "DELETE FROM secrets WHERE id = ?", id);
    }
}
