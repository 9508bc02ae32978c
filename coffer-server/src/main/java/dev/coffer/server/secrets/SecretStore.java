package dev.coffer.server.secrets;

import dev.coffer.server.history.Commit;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQL for secrets and their versions. Every write adds a version row; deleting a secret adds a
 * tombstone version (no value) and keeps the others, so history outlives the secret. Reads by folder,
 * key or id see shared secrets; a person's overrides (type {@code personal}, {@code owner_id} the user)
 * are read only through the {@code personal…} queries, and deleting a shared secret deletes them.
 */
final class SecretStore {

    private SecretStore() {}

    /** A row's own columns: those a folder's list selects (it knows the folder and the type it asks for). */
    private static final String OWN = "id, secret_key, version, value_ct, comment_ct, skip_multiline, reminder_note,"
            + " reminder_days, metadata, created_at, updated_at";

    private static final String COLS = OWN + ", folder_id, type";

    /** {@link #COLS} of the table aliased {@code s}. */
    private static final String S_COLS =
            Arrays.stream(COLS.split(", ")).map(c -> "s." + c).collect(Collectors.joining(", "));

    /** A row selected with {@link #COLS}' columns in their order (by index: a list reads every column of each row). */
    private static SecretRow row(ResultSet rs) throws SQLException {
        return row(rs, rs.getString(12), rs.getString(13));
    }

    /** A row whose first columns are {@link #OWN}'s, in their order, in folder {@code folderId}, of {@code type}. */
    private static SecretRow row(ResultSet rs, String folderId, String type) throws SQLException {
        int days = rs.getInt(8);
        Integer reminderDays = rs.wasNull() ? null : days;
        return new SecretRow(
                rs.getString(1),
                folderId,
                rs.getString(2),
                type,
                rs.getLong(3),
                rs.getBytes(4),
                rs.getBytes(5),
                rs.getBoolean(6),
                rs.getString(7),
                reminderDays,
                rs.getString(9),
                rs.getLong(10),
                rs.getLong(11));
    }

    /** The shared secrets of a folder, by name: the columns it is asked by left out (a list of 100 reads 1,100, not 1,300). */
    static List<SecretRow> inFolder(Tx tx, String folderId) {
        return Jdbc.list(
                tx,
                "SELECT " + OWN + " FROM secrets WHERE folder_id = ? AND type = 'shared' ORDER BY secret_key",
                rs -> row(rs, folderId, "shared"),
                folderId);
    }

    static List<SecretRow> inEnvironment(Tx tx, String envId) {
        return Jdbc.list(
                tx,
                "SELECT " + S_COLS
                        + " FROM secrets s JOIN folders f ON f.id = s.folder_id WHERE f.env_id = ? AND s.type = 'shared' "
                        + "ORDER BY s.secret_key",
                SecretStore::row,
                envId);
    }

    static Optional<SecretRow> byKey(Tx tx, String folderId, String key) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM secrets WHERE folder_id = ? AND secret_key = ? AND type = 'shared'",
                SecretStore::row,
                folderId,
                key);
    }

    /**
     * The secret, locked until the transaction ends, so concurrent writers of one secret take turns
     * (PostgreSQL; on SQLite a write transaction already excludes every other writer).
     */
    static Optional<SecretRow> byKeyForUpdate(Tx tx, String folderId, String key) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM secrets WHERE folder_id = ? AND secret_key = ? AND type = 'shared'"
                        + tx.forUpdate(),
                SecretStore::row,
                folderId,
                key);
    }

    /** The secret by id, locked until the transaction ends (see {@link #byKeyForUpdate}). */
    static Optional<SecretRow> byIdForUpdate(Tx tx, String id) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM secrets WHERE id = ? AND type = 'shared'" + tx.forUpdate(),
                SecretStore::row,
                id);
    }

    /**
     * The row as it was at {@code version}: folder, key, value and comment from the history (the
     * ciphertexts are bound to the folder and name of their version); empty for a tombstone.
     */
    static Optional<SecretRow> atVersion(Tx tx, SecretRow current, long version) {
        return Jdbc.one(
                tx,
                "SELECT folder_id, secret_key, value_ct, comment_ct, created_at, metadata FROM secret_versions "
                        + "WHERE secret_id = ? AND version = ? AND deleted = ?",
                rs -> new SecretRow(
                        current.id(),
                        rs.getString(1),
                        rs.getString(2),
                        current.type(),
                        version,
                        rs.getBytes(3),
                        rs.getBytes(4),
                        current.skipMultiline(),
                        current.reminderNote(),
                        current.reminderDays(),
                        rs.getString(6),
                        current.createdAt(),
                        rs.getLong(5)),
                current.id(),
                version,
                false);
    }

    /** The person's overrides in a folder. */
    static List<SecretRow> personalInFolder(Tx tx, String folderId, String ownerId) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM secrets WHERE folder_id = ? AND type = 'personal' AND owner_id = ? "
                        + "ORDER BY secret_key",
                SecretStore::row,
                folderId,
                ownerId);
    }

    /** The person's overrides in an environment. */
    static List<SecretRow> personalInEnvironment(Tx tx, String envId, String ownerId) {
        return Jdbc.list(
                tx,
                "SELECT " + S_COLS + " FROM secrets s JOIN folders f ON f.id = s.folder_id WHERE f.env_id = ? "
                        + "AND s.type = 'personal' AND s.owner_id = ? ORDER BY s.secret_key",
                SecretStore::row,
                envId,
                ownerId);
    }

    /** A person's override and whose it is. */
    record PersonalCopy(SecretRow row, String ownerId) {}

    /** Every person's override of the shared secret {@code key} in a folder, locked for the transaction. */
    static List<PersonalCopy> overridesOf(Tx tx, String folderId, String key) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS
                        + ", owner_id FROM secrets WHERE folder_id = ? AND secret_key = ? AND type = 'personal'"
                        + " ORDER BY id" + tx.forUpdate(),
                rs -> new PersonalCopy(row(rs), rs.getString("owner_id")),
                folderId,
                key);
    }

    /** The person's override of a key in a folder. */
    static Optional<SecretRow> personalByKey(Tx tx, String folderId, String key, String ownerId) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM secrets WHERE folder_id = ? AND secret_key = ? AND type = 'personal' "
                        + "AND owner_id = ?",
                SecretStore::row,
                folderId,
                key,
                ownerId);
    }

    /** The person's override of a key in a folder, locked until the transaction ends. */
    static Optional<SecretRow> personalByKeyForUpdate(Tx tx, String folderId, String key, String ownerId) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM secrets WHERE folder_id = ? AND secret_key = ? AND type = 'personal' "
                        + "AND owner_id = ?" + tx.forUpdate(),
                SecretStore::row,
                folderId,
                key,
                ownerId);
    }

    /** Inserts a shared secret (a new one, or one restored under its old id) and its version. */
    static void insert(Tx tx, SecretRow s, Commit c) {
        insert(tx, s, "", null, c);
    }

    /**
     * Inserts a secret of {@code ownerId} (empty for a shared one) carrying {@code tagIds} (null: none)
     * and its version.
     */
    static void insert(Tx tx, SecretRow s, String ownerId, List<String> tagIds, Commit c) {
        Jdbc.update(
                tx,
                "INSERT INTO secrets (" + COLS + ", owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(),
                s.key(),
                s.version(),
                s.valueCt(),
                s.commentCt(),
                s.skipMultiline(),
                s.reminderNote(),
                s.reminderDays(),
                s.metadata(),
                s.createdAt(),
                s.updatedAt(),
                s.folderId(),
                s.type(),
                ownerId);
        List<String> tags = tagIds == null ? List.of() : tagIds;
        if (!tags.isEmpty()) SecretTagStore.set(tx, s.id(), tags);
        insertVersion(tx, s, false, ownerId, tags, c);
    }

    /** Updates a shared secret (its tags kept) and adds its version. */
    static void update(Tx tx, SecretRow s, Commit c) {
        update(tx, s, "", null, c);
    }

    /** Updates a secret of {@code ownerId} (empty: shared), with {@code tagIds} (null: keep its tags). */
    static void update(Tx tx, SecretRow s, String ownerId, List<String> tagIds, Commit c) {
        Jdbc.update(
                tx,
                "UPDATE secrets SET secret_key = ?, version = ?, value_ct = ?, comment_ct = ?, skip_multiline = ?, "
                        + "reminder_note = ?, reminder_days = ?, metadata = ?, updated_at = ? WHERE id = ?",
                s.key(),
                s.version(),
                s.valueCt(),
                s.commentCt(),
                s.skipMultiline(),
                s.reminderNote(),
                s.reminderDays(),
                s.metadata(),
                s.updatedAt(),
                s.id());
        if (tagIds != null) SecretTagStore.set(tx, s.id(), tagIds);
        insertVersion(tx, s, false, ownerId, tagIds != null ? tagIds : SecretTagStore.idsOf(tx, s.id()), c);
    }

    /**
     * Deletes the secret and ends its history with a tombstone version (no value, no comment); a shared
     * secret takes the personal overrides of its name with it.
     */
    static void delete(Tx tx, SecretRow s, long now, Commit c) {
        if ("shared".equals(s.type())) {
            for (SecretRow p : Jdbc.list(
                    tx,
                    "SELECT " + COLS + " FROM secrets WHERE folder_id = ? AND secret_key = ? AND type = 'personal'"
                            + tx.forUpdate(),
                    SecretStore::row,
                    s.folderId(),
                    s.key())) {
                delete(tx, p, now, c);
            }
        }
        String ownerId = Jdbc.one(tx, "SELECT owner_id FROM secrets WHERE id = ?", rs -> rs.getString(1), s.id())
                .orElse("");
        List<String> tags = SecretTagStore.idsOf(tx, s.id());
        insertVersion(
                tx,
                new SecretRow(
                        s.id(),
                        s.folderId(),
                        s.key(),
                        s.type(),
                        s.version() + 1,
                        new byte[0],
                        new byte[0],
                        s.skipMultiline(),
                        s.reminderNote(),
                        s.reminderDays(),
                        s.metadata(),
                        s.createdAt(),
                        now),
                true,
                ownerId,
                tags,
                c);
        Jdbc.update(tx, "DELETE FROM secrets WHERE id = ?", s.id());
    }

    /**
     * Adds the version row of {@code s} (with its settings, the commit and its actor) and marks its
     * folder changed by the commit.
     */
    private static void insertVersion(
            Tx tx, SecretRow s, boolean tombstone, String ownerId, List<String> tagIds, Commit c) {
        Jdbc.update(
                tx,
                "INSERT INTO secret_versions (secret_id, version, project_id, folder_id, secret_key, value_ct, "
                        + "comment_ct, deleted, created_at, env_id, commit_seq, actor_kind, actor_id, actor_name, "
                        + "skip_multiline, reminder_note, reminder_days, metadata, type, owner_id, tag_ids) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(),
                s.version(),
                c.projectId(),
                s.folderId(),
                s.key(),
                s.valueCt(),
                s.commentCt(),
                tombstone,
                s.updatedAt(),
                c.envId(),
                c.seq(),
                c.actorKind(),
                c.actorId(),
                c.actorName(),
                s.skipMultiline(),
                s.reminderNote(),
                s.reminderDays(),
                s.metadata(),
                s.type(),
                ownerId,
                String.join(",", tagIds));
        c.touch(tx, s.folderId());
    }

    /** Keeps the last {@code kept} versions of a secret whose newest is {@code version} (0 keeps all). */
    static void prune(Tx tx, String secretId, long version, int kept) {
        if (kept > 0 && version > kept) {
            Jdbc.update(
                    tx, "DELETE FROM secret_versions WHERE secret_id = ? AND version <= ?", secretId, version - kept);
        }
    }
}
