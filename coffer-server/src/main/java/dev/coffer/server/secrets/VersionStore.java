package dev.coffer.server.secrets;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * SQL for reading secret versions: one secret's history, and an environment's secrets as of a commit
 * (shared secrets only: a person's overrides are not part of an environment's state).
 */
final class VersionStore {

    private VersionStore() {}

    /** One row of secret_versions; a tombstone has empty ciphertexts. Pre-history rows have no actor. */
    record Version(
            String secretId,
            long version,
            String projectId,
            String envId,
            String folderId,
            String key,
            byte[] valueCt,
            byte[] commentCt,
            boolean deleted,
            long createdAt,
            long commitSeq,
            String actorKind,
            String actorId,
            String actorName,
            boolean skipMultiline,
            String reminderNote,
            Integer reminderDays,
            String metadata,
            String type,
            String ownerId,
            String tagIds) {

        /** The ids of the tags the secret had at this version. */
        List<String> tags() {
            return tagIds == null || tagIds.isEmpty() ? List.of() : List.of(tagIds.split(","));
        }

        /** The version as a secret row, for the codec (its ciphertexts are bound to its own folder and name). */
        SecretRow asRow() {
            return new SecretRow(
                    secretId,
                    folderId,
                    key,
                    type,
                    version,
                    valueCt,
                    commentCt,
                    skipMultiline,
                    reminderNote,
                    reminderDays,
                    metadata,
                    createdAt,
                    createdAt);
        }

        @Override
        public String toString() {
            return "Version[secret=" + secretId + ", key=" + key + ", version=" + version + "]";
        }
    }

    private static final String COLS = "secret_id, version, project_id, env_id, folder_id, secret_key, value_ct, "
            + "comment_ct, deleted, created_at, commit_seq, actor_kind, actor_id, actor_name, skip_multiline, "
            + "reminder_note, reminder_days, metadata, type, owner_id, tag_ids";

    private static Version version(ResultSet rs) throws SQLException {
        int days = rs.getInt(17);
        Integer reminderDays = rs.wasNull() ? null : days;
        return new Version(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getBytes(7),
                rs.getBytes(8),
                rs.getBoolean(9),
                rs.getLong(10),
                rs.getLong(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getBoolean(15),
                rs.getString(16),
                reminderDays,
                rs.getString(18),
                rs.getString(19),
                rs.getString(20),
                rs.getString(21));
    }

    /** The newest version of a secret (a tombstone when it was deleted). */
    static Optional<Version> latest(Tx tx, String secretId) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM secret_versions WHERE secret_id = ? ORDER BY version DESC LIMIT 1",
                VersionStore::version,
                secretId);
    }

    static Optional<Version> one(Tx tx, String secretId, long version) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM secret_versions WHERE secret_id = ? AND version = ?",
                VersionStore::version,
                secretId,
                version);
    }

    /** A page of a secret's versions, newest first. */
    static List<Version> page(Tx tx, String secretId, int offset, int limit) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM secret_versions WHERE secret_id = ? ORDER BY version DESC LIMIT ? OFFSET ?",
                VersionStore::version,
                secretId,
                limit,
                offset);
    }

    /** The newest non-deleted version of a secret before {@code version}. */
    static Optional<Version> lastValueBefore(Tx tx, String secretId, long version) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM secret_versions WHERE secret_id = ? AND version < ? AND deleted = ? "
                        + "ORDER BY version DESC LIMIT 1",
                VersionStore::version,
                secretId,
                version,
                false);
    }

    /**
     * The deleted secrets of a folder, newest deletion first: the latest version of each secret that was
     * in the folder, when that version is a tombstone.
     */
    static List<Version> deletedIn(Tx tx, String folderId) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM secret_versions v WHERE v.folder_id = ? AND v.deleted = ? "
                        + "AND v.type = 'shared' AND v.version = "
                        + "(SELECT MAX(w.version) FROM secret_versions w WHERE w.secret_id = v.secret_id) "
                        + "ORDER BY v.created_at DESC, v.secret_key",
                VersionStore::version,
                folderId,
                true);
    }

    /** The last version at or before commit {@code seq} of every secret the environment had then or since. */
    static List<Version> stateAt(Tx tx, String envId, long seq) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM secret_versions v WHERE v.env_id = ? AND v.type = 'shared' "
                        + "AND v.version = (SELECT MAX(w.version) "
                        + "FROM secret_versions w WHERE w.secret_id = v.secret_id AND w.commit_seq <= ?)",
                VersionStore::version,
                envId,
                seq);
    }

    /**
     * Secrets of the environment whose kept history starts after commit {@code seq} with a version
     * other than 1: what they were at that commit was pruned (retention), so it cannot be known.
     */
    static List<String> prunedSince(Tx tx, String envId, long seq) {
        return Jdbc.list(
                tx,
                "SELECT v.secret_key FROM secret_versions v WHERE v.env_id = ? AND v.type = 'shared' "
                        + "AND v.version > 1 AND v.commit_seq > ? "
                        + "AND v.version = (SELECT MIN(w.version) FROM secret_versions w WHERE w.secret_id = v.secret_id)",
                rs -> rs.getString(1),
                envId,
                seq);
    }

    /** The versions commit {@code seq} of the environment wrote. */
    static List<Version> ofCommit(Tx tx, String envId, long seq) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM secret_versions WHERE env_id = ? AND commit_seq = ? AND type = 'shared' "
                        + "ORDER BY secret_key",
                VersionStore::version,
                envId,
                seq);
    }

    /** The highest version number a secret's history holds (0 when none). */
    static long maxVersion(Tx tx, String secretId) {
        return Jdbc.one(
                        tx,
                        "SELECT MAX(version) FROM secret_versions WHERE secret_id = ?",
                        rs -> rs.getLong(1),
                        secretId)
                .orElse(0L);
    }
}
