package dev.coffer.server.access;

import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;
import java.util.Optional;

/**
 * SQL for project memberships and the roles they hold. An identity's membership is a row of
 * {@code identity_project_memberships}; the roles of any principal (identity or user) are rows of
 * {@code project_membership_roles} keyed by project, principal kind and principal id, each a built-in
 * slug or {@code custom} with a custom role, permanent or temporary (from a start to an end time).
 */
public final class MembershipStore {

    /** The principal kinds as stored. */
    public static final String IDENTITY = "identity";

    public static final String USER = "user";

    /** An identity membership joined with the identity's name and auth method. */
    public record Row(
            String projectId,
            String identityId,
            String identityName,
            String authMethod,
            long createdAt,
            long updatedAt) {}

    /**
     * One role a membership holds. {@code role} is a built-in slug or "custom"; for custom roles the
     * custom role's id, slug, name and stored permission rules (JSON).
     */
    public record RoleRow(
            String id,
            String role,
            String customRoleId,
            String customRoleSlug,
            String customRoleName,
            String customPermissions,
            boolean temporary,
            String temporaryMode,
            String temporaryRange,
            Long temporaryStart,
            Long temporaryEnd,
            long createdAt) {

        /** The slug a client names this role by. */
        public String slug() {
            return customRoleId == null ? role : customRoleSlug;
        }

        /** Whether the role counts at {@code now}: permanent, or temporary and between its start and end. */
        public boolean activeAt(long now) {
            return !temporary || (now >= temporaryStart && now < temporaryEnd);
        }
    }

    /** A role to store: a built-in slug, or a custom role's id; temporary when {@code end} is not null. */
    public record NewRole(String role, String customRoleId, String temporaryRange, Long start, Long end) {}

    private static final String ROLE_COLS = "r.id, r.role, r.custom_role_id, c.slug, c.name, c.permissions, "
            + "r.is_temporary, r.temporary_mode, r.temporary_range, r.temporary_start, r.temporary_end, r.created_at";

    private MembershipStore() {}

    /** Whether the identity is a member of the project (whatever its roles). */
    public static boolean isMember(Tx tx, String projectId, String identityId) {
        return Jdbc.one(
                        tx,
                        "SELECT 1 FROM identity_project_memberships WHERE project_id = ? AND identity_id = ?",
                        rs -> rs.getInt(1),
                        projectId,
                        identityId)
                .isPresent();
    }

    /**
     * The roles a principal holds in a project, oldest first; {@code Optional.empty()} when the identity
     * or user is no member.
     */
    public static Optional<List<RoleRow>> roles(Tx tx, String projectId, String kind, String principalId) {
        if (IDENTITY.equals(kind) && !isMember(tx, projectId, principalId)) return Optional.empty();
        if (USER.equals(kind) && !UserMembershipStore.isMember(tx, projectId, principalId)) return Optional.empty();
        List<RoleRow> rows = Jdbc.list(
                tx,
                "SELECT " + ROLE_COLS + " FROM project_membership_roles r LEFT JOIN project_roles c"
                        + " ON c.id = r.custom_role_id WHERE r.project_id = ? AND r.principal_kind = ?"
                        + " AND r.principal_id = ? ORDER BY r.created_at, r.id",
                MembershipStore::roleRow,
                projectId,
                kind,
                principalId);
        return Optional.of(rows);
    }

    private static RoleRow roleRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        long start = rs.getLong(10);
        Long startOrNull = rs.wasNull() ? null : start;
        long end = rs.getLong(11);
        Long endOrNull = rs.wasNull() ? null : end;
        return new RoleRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getBoolean(7),
                rs.getString(8),
                rs.getString(9),
                startOrNull,
                endOrNull,
                rs.getLong(12));
    }

    /** Identity memberships of a project (of one identity when {@code identityId} is not null), by name. */
    public static List<Row> list(Tx tx, String projectId, String identityId) {
        String sql = "SELECT m.identity_id, i.name, i.auth_method, m.created_at, m.updated_at "
                + "FROM identity_project_memberships m JOIN identities i ON i.id = m.identity_id WHERE m.project_id = ?"
                + (identityId == null ? "" : " AND m.identity_id = ?") + " ORDER BY i.name";
        Object[] args = identityId == null ? new Object[] {projectId} : new Object[] {projectId, identityId};
        return Jdbc.list(
                tx,
                sql,
                rs -> new Row(
                        projectId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)),
                args);
    }

    /** Makes the identity a member with one permanent built-in role (a project's creator, as admin). */
    public static void insert(Tx tx, String projectId, String identityId, String role, long now) {
        insertMembership(tx, projectId, identityId, now);
        replaceRoles(tx, projectId, IDENTITY, identityId, List.of(new NewRole(role, null, null, null, null)), now);
    }

    public static void insertMembership(Tx tx, String projectId, String identityId, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO identity_project_memberships (project_id, identity_id, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?)",
                projectId,
                identityId,
                now,
                now);
    }

    /** Marks the identity's membership changed now; 0 when it is no member. */
    public static int touch(Tx tx, String projectId, String identityId, long now) {
        return Jdbc.update(
                tx,
                "UPDATE identity_project_memberships SET updated_at = ? WHERE project_id = ? AND identity_id = ?",
                now,
                projectId,
                identityId);
    }

    /** Replaces every role the principal holds in the project with {@code roles}. */
    public static void replaceRoles(
            Tx tx, String projectId, String kind, String principalId, List<NewRole> roles, long now) {
        Jdbc.update(
                tx,
                "DELETE FROM project_membership_roles WHERE project_id = ? AND principal_kind = ? AND principal_id = ?",
                projectId,
                kind,
                principalId);
        long at = now;
        for (NewRole r : roles) {
            Jdbc.update(
                    tx,
                    "INSERT INTO project_membership_roles (id, project_id, principal_kind, principal_id, role, "
                            + "custom_role_id, is_temporary, temporary_mode, temporary_range, temporary_start, "
                            + "temporary_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Ids.newId(),
                    projectId,
                    kind,
                    principalId,
                    r.customRoleId() == null ? r.role() : "custom",
                    r.customRoleId(),
                    r.end() != null,
                    r.end() == null ? null : "relative",
                    r.temporaryRange(),
                    r.start(),
                    r.end(),
                    at++); // keeps the given order
        }
    }

    public static int delete(Tx tx, String projectId, String identityId) {
        Jdbc.update(
                tx,
                "DELETE FROM project_membership_roles WHERE project_id = ? AND principal_kind = ? AND principal_id = ?",
                projectId,
                IDENTITY,
                identityId);
        return Jdbc.update(
                tx,
                "DELETE FROM identity_project_memberships WHERE project_id = ? AND identity_id = ?",
                projectId,
                identityId);
    }

    /**
     * The memberships holding a custom role, as {@code kind 'name' (id)}; role rows left behind by a
     * deleted identity are removed first, as they hold nothing.
     */
    public static List<String> holdersOf(Tx tx, String customRoleId) {
        Jdbc.update(
                tx,
                "DELETE FROM project_membership_roles WHERE custom_role_id = ? AND principal_kind = 'identity' "
                        + "AND NOT EXISTS (SELECT 1 FROM identity_project_memberships m WHERE m.project_id = "
                        + "project_membership_roles.project_id AND m.identity_id = project_membership_roles.principal_id)",
                customRoleId);
        return Jdbc.list(
                tx,
                "SELECT DISTINCT r.principal_kind, r.principal_id, COALESCE(i.name, u.email) FROM "
                        + "project_membership_roles r "
                        + "LEFT JOIN identities i ON r.principal_kind = 'identity' AND i.id = r.principal_id "
                        + "LEFT JOIN users u ON r.principal_kind = 'user' AND u.id = r.principal_id "
                        + "WHERE r.custom_role_id = ? ORDER BY r.principal_id",
                rs -> rs.getString(1) + " '" + (rs.getString(3) == null ? "?" : rs.getString(3)) + "' ("
                        + rs.getString(2) + ")",
                customRoleId);
    }
}
