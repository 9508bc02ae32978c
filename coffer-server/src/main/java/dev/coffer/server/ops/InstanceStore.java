package dev.coffer.server.ops;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.Optional;

/** SQL for the instance: whether it is set up, its organizations, users and their org memberships. */
final class InstanceStore {

    private InstanceStore() {}

    /** A user row; {@code toString} leaves the password hash out. */
    record User(String id, String email, String passwordHash) {
        @Override
        public String toString() {
            return "User[id=" + id + "]";
        }
    }

    record AdminIdentity(String id, String name) {}

    static Optional<User> userByEmail(Tx tx, String email) {
        return Jdbc.one(
                tx,
                "SELECT id, email, password_hash FROM users WHERE email = ?",
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3)),
                email);
    }

    /** The organization the user is an active admin of (the oldest membership, if several). */
    static Optional<String> orgAdministeredBy(Tx tx, String userId) {
        return Jdbc.one(
                tx,
                "SELECT org_id FROM org_memberships WHERE user_id = ? AND role = 'admin' AND deactivated_at IS NULL "
                        + "ORDER BY created_at, org_id",
                rs -> rs.getString(1),
                userId);
    }

    /** The organization's oldest admin identity: the one bootstrap made, unless it is gone or demoted. */
    static Optional<AdminIdentity> firstAdminIdentity(Tx tx, String orgId) {
        return Jdbc.one(
                tx,
                "SELECT id, name FROM identities WHERE org_id = ? AND org_role = 'admin' ORDER BY created_at, id",
                rs -> new AdminIdentity(rs.getString(1), rs.getString(2)),
                orgId);
    }

    /** The instance admin: the first user, made by bootstrap (later users come by invitation). */
    static Optional<String> instanceAdminId(Tx tx) {
        return Jdbc.one(tx, "SELECT id FROM users ORDER BY created_at, id", rs -> rs.getString(1));
    }

    static boolean bootstrapped(Tx tx) {
        return Jdbc.exists(tx, "SELECT 1 FROM instance WHERE id = 1");
    }

    static void markBootstrapped(Tx tx, long now) {
        Jdbc.update(tx, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, ?)", now);
    }

    static void insertOrganization(Tx tx, String id, String name, String slug, long now) {
        Jdbc.update(
                tx, "INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, ?, ?)", id, name, slug, now);
    }

    static void insertUser(Tx tx, String id, String email, String passwordHash, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)",
                id,
                email,
                passwordHash,
                now);
    }

    static void insertOrgMembership(Tx tx, String orgId, String userId, String role, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO org_memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
                orgId,
                userId,
                role,
                now);
    }

    static void insertIdentity(Tx tx, String id, String orgId, String name, String orgRole, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO identities (id, org_id, name, org_role, auth_method, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, NULL, ?, ?)",
                id,
                orgId,
                name,
                orgRole,
                now,
                now);
    }
}
