package dev.coffer.server.users;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;
import java.util.Optional;

/** SQL for users, their organization memberships, organizations and invitations. */
final class UserStore {

    private UserStore() {}

    /** A user row; {@code toString} leaves the password hash out. */
    record User(String id, String email, String passwordHash, long createdAt) {
        @Override
        public String toString() {
            return "User[id=" + id + "]";
        }
    }

    /** A user's membership of an organization, with the organization's name and slug. */
    record Membership(
            String orgId,
            String orgName,
            String orgSlug,
            String userId,
            String email,
            String role,
            boolean active,
            long createdAt) {}

    /** An invitation row; {@code toString} leaves the token digest out. */
    record Invitation(
            String id,
            String orgId,
            String email,
            String role,
            byte[] tokenHash,
            String invitedBy,
            long expiresAt,
            Long acceptedAt,
            long createdAt) {
        @Override
        public String toString() {
            return "Invitation[id=" + id + ", org=" + orgId + "]";
        }
    }

    record Org(String id, String name, String slug, long createdAt) {}

    private static User user(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }

    static Optional<User> byEmail(Tx tx, String email) {
        return Jdbc.one(
                tx, "SELECT id, email, password_hash, created_at FROM users WHERE email = ?", UserStore::user, email);
    }

    static Optional<User> byId(Tx tx, String id) {
        return Jdbc.one(tx, "SELECT id, email, password_hash, created_at FROM users WHERE id = ?", UserStore::user, id);
    }

    /** The instance admin: the first user, made by bootstrap (later users come by invitation). */
    static Optional<String> instanceAdminId(Tx tx) {
        return Jdbc.one(tx, "SELECT id FROM users ORDER BY created_at, id", rs -> rs.getString(1));
    }

    static void insertUser(Tx tx, String id, String email, String hash, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)",
                id,
                email,
                hash,
                now);
    }

    static void setPassword(Tx tx, String userId, String hash) {
        Jdbc.update(tx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userId);
    }

    private static final String MEMBERSHIP = "SELECT o.id, o.name, o.slug, u.id, u.email, m.role, m.deactivated_at, "
            + "m.created_at FROM org_memberships m JOIN organizations o ON o.id = m.org_id "
            + "JOIN users u ON u.id = m.user_id ";

    private static Membership membership(java.sql.ResultSet rs) throws java.sql.SQLException {
        String orgId = rs.getString(1);
        String name = rs.getString(2);
        String slug = rs.getString(3);
        String userId = rs.getString(4);
        String email = rs.getString(5);
        String role = rs.getString(6);
        rs.getLong(7);
        boolean active = rs.wasNull();
        return new Membership(orgId, name, slug, userId, email, role, active, rs.getLong(8));
    }

    /** The user's memberships, oldest first. */
    static List<Membership> membershipsOf(Tx tx, String userId) {
        return Jdbc.list(
                tx, MEMBERSHIP + "WHERE m.user_id = ? ORDER BY m.created_at, o.id", UserStore::membership, userId);
    }

    static List<Membership> membersOf(Tx tx, String orgId) {
        return Jdbc.list(
                tx, MEMBERSHIP + "WHERE m.org_id = ? ORDER BY m.created_at, u.id", UserStore::membership, orgId);
    }

    static Optional<Membership> membership(Tx tx, String orgId, String userId) {
        return Jdbc.one(tx, MEMBERSHIP + "WHERE m.org_id = ? AND m.user_id = ?", UserStore::membership, orgId, userId);
    }

    static void insertMembership(Tx tx, String orgId, String userId, String role, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO org_memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
                orgId,
                userId,
                role,
                now);
    }

    static void updateMembership(Tx tx, String orgId, String userId, String role, boolean active, long now) {
        if (active) {
            Jdbc.update(
                    tx,
                    "UPDATE org_memberships SET role = ?, deactivated_at = NULL WHERE org_id = ? AND user_id = ?",
                    role,
                    orgId,
                    userId);
        } else {
            Jdbc.update(
                    tx,
                    "UPDATE org_memberships SET role = ?, deactivated_at = COALESCE(deactivated_at, ?) "
                            + "WHERE org_id = ? AND user_id = ?",
                    role,
                    now,
                    orgId,
                    userId);
        }
    }

    static void deleteMembership(Tx tx, String orgId, String userId) {
        Jdbc.update(tx, "DELETE FROM org_memberships WHERE org_id = ? AND user_id = ?", orgId, userId);
    }

    /** Locks the organization's row for the rest of the unit of work; false when it does not exist. */
    static boolean lockOrganization(Tx tx, String orgId) {
        return Jdbc.one(tx, "SELECT id FROM organizations WHERE id = ?" + tx.forUpdate(), rs -> rs.getString(1), orgId)
                .isPresent();
    }

    /** Admins of the organization: admin identities and active admin users. */
    static int countAdmins(Tx tx, String orgId) {
        int identities = Jdbc.one(
                        tx,
                        "SELECT COUNT(*) FROM identities WHERE org_id = ? AND org_role = 'admin'",
                        rs -> rs.getInt(1),
                        orgId)
                .orElse(0);
        int users = Jdbc.one(
                        tx,
                        "SELECT COUNT(*) FROM org_memberships WHERE org_id = ? AND role = 'admin' "
                                + "AND deactivated_at IS NULL",
                        rs -> rs.getInt(1),
                        orgId)
                .orElse(0);
        return identities + users;
    }

    static Optional<Org> org(Tx tx, String id) {
        return Jdbc.one(
                tx,
                "SELECT id, name, slug, created_at FROM organizations WHERE id = ?",
                rs -> new Org(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                id);
    }

    static boolean slugTaken(Tx tx, String slug) {
        return Jdbc.exists(tx, "SELECT 1 FROM organizations WHERE slug = ?", slug);
    }

    static void insertOrg(Tx tx, Org org) {
        Jdbc.update(
                tx,
                "INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, ?, ?)",
                org.id(),
                org.name(),
                org.slug(),
                org.createdAt());
    }

    static void insertInvitation(Tx tx, Invitation i) {
        Jdbc.update(
                tx,
                "INSERT INTO org_invitations (id, org_id, email, role, token_hash, invited_by, expires_at, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                i.id(),
                i.orgId(),
                i.email(),
                i.role(),
                i.tokenHash(),
                i.invitedBy(),
                i.expiresAt(),
                i.createdAt());
    }

    static Optional<Invitation> invitation(Tx tx, String id) {
        return Jdbc.one(
                tx,
                "SELECT id, org_id, email, role, token_hash, invited_by, expires_at, accepted_at, created_at "
                        + "FROM org_invitations WHERE id = ?",
                rs -> {
                    long accepted = rs.getLong(8);
                    Long acceptedAt = rs.wasNull() ? null : accepted;
                    return new Invitation(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getBytes(5),
                            rs.getString(6),
                            rs.getLong(7),
                            acceptedAt,
                            rs.getLong(9));
                },
                id);
    }

    /** Marks the invitation used; false when it already was (it is used once). */
    static boolean accept(Tx tx, String id, long now) {
        return Jdbc.update(
                        tx, "UPDATE org_invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL", now, id)
                > 0;
    }
}
