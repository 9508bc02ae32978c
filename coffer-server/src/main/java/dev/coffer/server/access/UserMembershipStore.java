package dev.coffer.server.access;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;
import java.util.Optional;

/**
 * SQL for people's project memberships: a row of {@code user_project_memberships} per member, with its
 * roles in {@code project_membership_roles} (principal kind {@code user}, see {@link MembershipStore}).
 * Only members of the project's organization become members; leaving the organization ends them.
 */
public final class UserMembershipStore {

    /** A user membership joined with the user's email. */
    public record Row(String id, String projectId, String userId, String email, long createdAt, long updatedAt) {}

    private static final String COLS = "m.id, m.project_id, m.user_id, u.email, m.created_at, m.updated_at";

    private UserMembershipStore() {}

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6));
    }

    public static boolean isMember(Tx tx, String projectId, String userId) {
        return Jdbc.one(
                        tx,
                        "SELECT 1 FROM user_project_memberships WHERE project_id = ? AND user_id = ?",
                        rs -> rs.getInt(1),
                        projectId,
                        userId)
                .isPresent();
    }

    /** The project's user memberships, by email. */
    public static List<Row> list(Tx tx, String projectId) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM user_project_memberships m JOIN users u ON u.id = m.user_id"
                        + " WHERE m.project_id = ? ORDER BY u.email",
                UserMembershipStore::row,
                projectId);
    }

    /** The membership with this id, or of the user with this id, in the project. */
    public static Optional<Row> find(Tx tx, String projectId, String membershipOrUserId) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM user_project_memberships m JOIN users u ON u.id = m.user_id"
                        + " WHERE m.project_id = ? AND (m.id = ? OR m.user_id = ?)",
                UserMembershipStore::row,
                projectId,
                membershipOrUserId,
                membershipOrUserId);
    }

    /** The id of the active member of the organization with this email (compared ignoring case). */
    public static Optional<String> orgUserByEmail(Tx tx, String orgId, String email) {
        return Jdbc.one(
                tx,
                "SELECT u.id FROM users u JOIN org_memberships o ON o.user_id = u.id WHERE o.org_id = ?"
                        + " AND o.deactivated_at IS NULL AND LOWER(u.email) = LOWER(?)",
                rs -> rs.getString(1),
                orgId,
                email);
    }

    public static void insert(Tx tx, String id, String projectId, String userId, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO user_project_memberships (id, project_id, user_id, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                id,
                projectId,
                userId,
                now,
                now);
    }

    /** Marks the membership changed now; 0 when the user is no member. */
    public static int touch(Tx tx, String projectId, String userId, long now) {
        return Jdbc.update(
                tx,
                "UPDATE user_project_memberships SET updated_at = ? WHERE project_id = ? AND user_id = ?",
                now,
                projectId,
                userId);
    }

    /** Ends the user's membership of the project and its roles. */
    public static int delete(Tx tx, String projectId, String userId) {
        Jdbc.update(
                tx,
                "DELETE FROM project_membership_roles WHERE project_id = ? AND principal_kind = ? AND principal_id = ?",
                projectId,
                MembershipStore.USER,
                userId);
        return Jdbc.update(
                tx, "DELETE FROM user_project_memberships WHERE project_id = ? AND user_id = ?", projectId, userId);
    }

    /** Ends the user's memberships of every project of the organization (the user left it); their project ids. */
    public static List<String> deleteInOrg(Tx tx, String orgId, String userId) {
        List<String> projects = Jdbc.list(
                tx,
                "SELECT m.project_id FROM user_project_memberships m JOIN projects p ON p.id = m.project_id"
                        + " WHERE p.org_id = ? AND m.user_id = ?",
                rs -> rs.getString(1),
                orgId,
                userId);
        for (String p : projects) delete(tx, p, userId);
        return projects;
    }
}
