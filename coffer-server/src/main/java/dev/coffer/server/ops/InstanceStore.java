package dev.coffer.server.ops;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;

/** SQL for the instance: whether it is set up, its organizations, users and their org memberships. */
final class InstanceStore {

    private InstanceStore() {}

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
