package dev.coffer.server.users;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;
import java.util.Optional;

/** SQL for user sessions. */
final class SessionStore {

    private SessionStore() {}

    /**
     * A session joined with its user and the user's membership of the session's organization (role
     * null when the membership is gone). Digests are left out of {@code toString}.
     */
    record SessionRow(
            String id,
            String userId,
            String email,
            String orgId,
            String orgRole,
            boolean membershipActive,
            byte[] accessHash,
            byte[] refreshHash,
            long accessExpiresAt,
            long expiresAt,
            String ip,
            String userAgent,
            boolean revoked,
            long createdAt,
            long refreshedAt) {
        @Override
        public String toString() {
            return "Session[id=" + id + ", user=" + userId + ", org=" + orgId + "]";
        }
    }

    private static final String SELECT = "SELECT s.id, s.user_id, u.email, s.org_id, m.role, m.deactivated_at, "
            + "s.access_hash, s.refresh_hash, s.access_expires_at, s.expires_at, s.ip, s.user_agent, s.revoked, "
            + "s.created_at, s.refreshed_at FROM user_sessions s JOIN users u ON u.id = s.user_id "
            + "LEFT JOIN org_memberships m ON m.org_id = s.org_id AND m.user_id = s.user_id ";

    private static SessionRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        String role = rs.getString(5);
        rs.getLong(6);
        boolean active = role != null && rs.wasNull();
        return new SessionRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                role,
                active,
                rs.getBytes(7),
                rs.getBytes(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getString(11),
                rs.getString(12),
                rs.getBoolean(13),
                rs.getLong(14),
                rs.getLong(15));
    }

    static Optional<SessionRow> find(Tx tx, String id) {
        return Jdbc.one(tx, SELECT + "WHERE s.id = ?", SessionStore::row, id);
    }

    /** The user's sessions that are neither revoked nor past their end, newest first. */
    static List<SessionRow> listLive(Tx tx, String userId, long now) {
        return Jdbc.list(
                tx,
                SELECT + "WHERE s.user_id = ? AND s.revoked = ? AND s.expires_at > ? ORDER BY s.created_at DESC, s.id",
                SessionStore::row,
                userId,
                false,
                now);
    }

    static void insert(
            Tx tx,
            String id,
            String userId,
            String orgId,
            byte[] accessHash,
            byte[] refreshHash,
            long accessExpiresAt,
            long expiresAt,
            String ip,
            String userAgent,
            long now) {
        Jdbc.update(
                tx,
                "INSERT INTO user_sessions (id, user_id, org_id, access_hash, refresh_hash, access_expires_at, "
                        + "expires_at, ip, user_agent, revoked, created_at, refreshed_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                userId,
                orgId,
                accessHash,
                refreshHash,
                accessExpiresAt,
                expiresAt,
                ip,
                userAgent,
                false,
                now,
                now);
    }

    /**
     * Replaces both secrets if the refresh digest is still the one presented (so two refreshes with the
     * same token cannot both succeed); false when it is not.
     */
    static boolean rotate(
            Tx tx, String id, byte[] oldRefresh, byte[] access, byte[] refresh, long accessExpiresAt, long now) {
        return Jdbc.update(
                        tx,
                        "UPDATE user_sessions SET access_hash = ?, refresh_hash = ?, access_expires_at = ?, "
                                + "refreshed_at = ? WHERE id = ? AND refresh_hash = ? AND revoked = ?",
                        access,
                        refresh,
                        accessExpiresAt,
                        now,
                        id,
                        oldRefresh,
                        false)
                > 0;
    }

    static boolean revoke(Tx tx, String id, String userId) {
        return Jdbc.update(
                        tx,
                        "UPDATE user_sessions SET revoked = ? WHERE id = ? AND user_id = ? AND revoked = ?",
                        true,
                        id,
                        userId,
                        false)
                > 0;
    }

    /** Revokes the user's sessions except {@code keep} (null for all). */
    static void revokeAllOf(Tx tx, String userId, String keep) {
        Jdbc.update(
                tx,
                "UPDATE user_sessions SET revoked = ? WHERE user_id = ? AND id <> ?",
                true,
                userId,
                keep == null ? "" : keep);
    }

    /** Revokes the user's sessions in one organization. */
    static void revokeInOrg(Tx tx, String userId, String orgId) {
        Jdbc.update(tx, "UPDATE user_sessions SET revoked = ? WHERE user_id = ? AND org_id = ?", true, userId, orgId);
    }
}
