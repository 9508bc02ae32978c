package dev.coffer.server.access;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;
import java.util.Optional;

/** SQL for identities' project memberships: the role an identity holds in a project. */
public final class MembershipStore {

    /** A membership joined with the identity's name and auth method. */
    public record Row(
            String projectId,
            String identityId,
            String identityName,
            String authMethod,
            String role,
            long createdAt,
            long updatedAt) {}

    private MembershipStore() {}

    public static Optional<String> role(Tx tx, String projectId, String identityId) {
        return Jdbc.one(
                tx,
                "SELECT role FROM identity_project_memberships WHERE project_id = ? AND identity_id = ?",
                rs -> rs.getString(1),
                projectId,
                identityId);
    }

    /** Memberships of a project (of one identity when {@code identityId} is not null), by identity name. */
    public static List<Row> list(Tx tx, String projectId, String identityId) {
        String sql = "SELECT m.identity_id, i.name, i.auth_method, m.role, m.created_at, m.updated_at "
                + "FROM identity_project_memberships m JOIN identities i ON i.id = m.identity_id WHERE m.project_id = ?"
                + (identityId == null ? "" : " AND m.identity_id = ?") + " ORDER BY i.name";
        Object[] args = identityId == null ? new Object[] {projectId} : new Object[] {projectId, identityId};
        return Jdbc.list(
                tx,
                sql,
                rs -> new Row(
                        projectId,
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6)),
                args);
    }

    public static void insert(Tx tx, String projectId, String identityId, String role, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO identity_project_memberships (project_id, identity_id, role, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?)",
                projectId,
                identityId,
                role,
                now,
                now);
    }

    public static int updateRole(Tx tx, String projectId, String identityId, String role, long now) {
        return Jdbc.update(
                tx,
                "UPDATE identity_project_memberships SET role = ?, updated_at = ? WHERE project_id = ? "
                        + "AND identity_id = ?",
                role,
                now,
                projectId,
                identityId);
    }

    public static int delete(Tx tx, String projectId, String identityId) {
        return Jdbc.update(
                tx,
                "DELETE FROM identity_project_memberships WHERE project_id = ? AND identity_id = ?",
                projectId,
                identityId);
    }
}
