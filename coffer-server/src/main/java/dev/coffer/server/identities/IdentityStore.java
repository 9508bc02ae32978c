package dev.coffer.server.identities;

import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for identities, universal auth and client secrets. */
final class IdentityStore {

    private IdentityStore() {}

    static Identity identity(ResultSet rs) throws SQLException {
        return new Identity(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("name"),
                rs.getString("org_role"),
                rs.getString("auth_method"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    static Optional<Identity> find(Tx tx, String id) {
        return Jdbc.one(tx, "SELECT * FROM identities WHERE id = ?", IdentityStore::identity, id);
    }

    static List<Identity> listByOrg(Tx tx, String orgId) {
        return Jdbc.list(
                tx, "SELECT * FROM identities WHERE org_id = ? ORDER BY name, id", IdentityStore::identity, orgId);
    }

    static void insert(Tx tx, Identity i) {
        Jdbc.update(
                tx,
                "INSERT INTO identities (id, org_id, name, org_role, auth_method, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                i.id(),
                i.orgId(),
                i.name(),
                i.orgRole(),
                i.authMethod(),
                i.createdAt(),
                i.updatedAt());
    }

    /**
     * Locks the organization's row until the transaction ends (on PostgreSQL; SQLite already runs one
     * writer at a time), so changes to its admins are decided one after another.
     */
    static void lockOrganization(Tx tx, String orgId) {
        Jdbc.one(tx, "SELECT id FROM organizations WHERE id = ?" + tx.forUpdate(), rs -> rs.getString(1), orgId);
    }

    static int countOrgAdmins(Tx tx, String orgId) {
        int identities = Jdbc.one(
                        tx,
                        "SELECT COUNT(*) FROM identities WHERE org_id = ? AND org_role = 'admin'",
                        rs -> rs.getInt(1),
                        orgId)
                .orElse(0);
        int users = Jdbc.one(
                        tx,
                        "SELECT COUNT(*) FROM org_memberships WHERE org_id = ? AND role = 'admin' AND deactivated_at IS NULL",
                        rs -> rs.getInt(1),
                        orgId)
                .orElse(0);
        return identities + users;
    }

    static UniversalAuth universalAuth(ResultSet rs) throws SQLException {
        long ff = rs.getLong("first_failure_at");
        Long firstFailure = rs.wasNull() ? null : ff;
        long lu = rs.getLong("locked_until");
        Long lockedUntil = rs.wasNull() ? null : lu;
        return new UniversalAuth(
                rs.getString("id"),
                rs.getString("identity_id"),
                rs.getString("client_id"),
                rs.getLong("access_token_ttl"),
                rs.getLong("access_token_max_ttl"),
                rs.getLong("access_token_num_uses_limit"),
                TrustedIps.fromJson(rs.getString("client_secret_trusted_ips")),
                TrustedIps.fromJson(rs.getString("access_token_trusted_ips")),
                rs.getBoolean("lockout_enabled"),
                rs.getInt("lockout_threshold"),
                rs.getInt("lockout_duration_seconds"),
                rs.getInt("lockout_counter_reset_seconds"),
                rs.getInt("failed_attempts"),
                firstFailure,
                lockedUntil,
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    static Optional<UniversalAuth> universalAuthOf(Tx tx, String identityId) {
        return Jdbc.one(
                tx, "SELECT * FROM universal_auths WHERE identity_id = ?", IdentityStore::universalAuth, identityId);
    }

    /**
     * Reads the row for a login and, on PostgreSQL, locks it until the transaction ends, so concurrent
     * logins of one identity count client-secret uses and failed attempts one after another (SQLite
     * already runs one writer at a time).
     */
    static Optional<UniversalAuth> universalAuthForLogin(Tx tx, String clientId) {
        return Jdbc.one(
                tx,
                "SELECT * FROM universal_auths WHERE client_id = ?" + tx.forUpdate(),
                IdentityStore::universalAuth,
                clientId);
    }

    static void insertUniversalAuth(Tx tx, UniversalAuth u) {
        Jdbc.update(
                tx,
                "INSERT INTO universal_auths (id, identity_id, client_id, access_token_ttl, access_token_max_ttl, "
                        + "access_token_num_uses_limit, client_secret_trusted_ips, access_token_trusted_ips, lockout_enabled, "
                        + "lockout_threshold, lockout_duration_seconds, lockout_counter_reset_seconds, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                u.id(),
                u.identityId(),
                u.clientId(),
                u.accessTokenTtl(),
                u.accessTokenMaxTtl(),
                u.accessTokenNumUsesLimit(),
                TrustedIps.toJson(u.clientSecretTrustedIps()),
                TrustedIps.toJson(u.accessTokenTrustedIps()),
                u.lockoutEnabled(),
                u.lockoutThreshold(),
                u.lockoutDurationSeconds(),
                u.lockoutCounterResetSeconds(),
                u.createdAt(),
                u.updatedAt());
    }

    static void updateUniversalAuth(Tx tx, UniversalAuth u) {
        Jdbc.update(
                tx,
                "UPDATE universal_auths SET access_token_ttl = ?, access_token_max_ttl = ?, "
                        + "access_token_num_uses_limit = ?, client_secret_trusted_ips = ?, access_token_trusted_ips = ?, "
                        + "lockout_enabled = ?, lockout_threshold = ?, lockout_duration_seconds = ?, "
                        // always moves on, even within one millisecond: a common login checks it (see below)
                        + "lockout_counter_reset_seconds = ?, "
                        + "updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at + 1 END WHERE id = ?",
                u.accessTokenTtl(),
                u.accessTokenMaxTtl(),
                u.accessTokenNumUsesLimit(),
                TrustedIps.toJson(u.clientSecretTrustedIps()),
                TrustedIps.toJson(u.accessTokenTrustedIps()),
                u.lockoutEnabled(),
                u.lockoutThreshold(),
                u.lockoutDurationSeconds(),
                u.lockoutCounterResetSeconds(),
                u.updatedAt(),
                u.updatedAt(),
                u.id());
    }

    static void recordFailure(Tx tx, String uaId, int failedAttempts, Long firstFailureAt, Long lockedUntil) {
        Jdbc.update(
                tx,
                "UPDATE universal_auths SET failed_attempts = ?, first_failure_at = ?, locked_until = ? WHERE id = ?",
                failedAttempts,
                firstFailureAt,
                lockedUntil,
                uaId);
    }

    static void update(Tx tx, String id, String name, String orgRole, long now) {
        Jdbc.update(
                tx,
                "UPDATE identities SET name = ?, org_role = ?, updated_at = ? WHERE id = ?",
                name,
                orgRole,
                now,
                id);
    }

    static void delete(Tx tx, String id) {
        Jdbc.update(tx, "DELETE FROM identities WHERE id = ?", id);
    }

    static void setAuthMethod(Tx tx, String identityId, String authMethod, long now) {
        Jdbc.update(
                tx, "UPDATE identities SET auth_method = ?, updated_at = ? WHERE id = ?", authMethod, now, identityId);
    }

    /** Removes universal auth and the identity's client secrets. */
    static void deleteUniversalAuth(Tx tx, String uaId, String identityId) {
        Jdbc.update(tx, "DELETE FROM universal_auths WHERE id = ?", uaId);
        Jdbc.update(tx, "DELETE FROM client_secrets WHERE identity_id = ?", identityId);
    }

    static void revokeClientSecret(Tx tx, String id, long now) {
        Jdbc.update(tx, "UPDATE client_secrets SET revoked = ?, updated_at = ? WHERE id = ?", true, now, id);
    }

    static void countClientSecretUse(Tx tx, String id) {
        Jdbc.update(tx, "UPDATE client_secrets SET num_uses = num_uses + 1 WHERE id = ?", id);
    }

    /**
     * Counts common logins' uses of a client secret (the first argument: how many), only if the secret
     * is still not revoked and has no use limit, and its universal auth is still as the logins read it
     * ({@code updated_at}: its settings unchanged) with no failure counted and no lock; it touches no row
     * otherwise. The other arguments are {@link #commonLoginUseArgs}.
     */
    static final String COUNT_COMMON_LOGIN_USES = "UPDATE client_secrets SET num_uses = num_uses + ?"
            + " WHERE id = ? AND revoked = ? AND num_uses_limit = 0 AND EXISTS (SELECT 1 FROM universal_auths u"
            + " WHERE u.id = ? AND u.updated_at = ? AND u.failed_attempts = 0 AND u.locked_until IS NULL)";

    static List<Object> commonLoginUseArgs(String secretId, String uaId, long uaUpdatedAt) {
        return List.of(secretId, false, uaId, uaUpdatedAt);
    }

    static ClientSecret clientSecret(ResultSet rs) throws SQLException {
        return new ClientSecret(
                rs.getString("id"),
                rs.getString("identity_id"),
                rs.getString("prefix"),
                rs.getBytes("secret_hmac"),
                rs.getString("description"),
                rs.getLong("ttl"),
                rs.getLong("num_uses_limit"),
                rs.getLong("num_uses"),
                rs.getBoolean("revoked"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    static List<ClientSecret> activeClientSecrets(Tx tx, String identityId) {
        return Jdbc.list(
                tx,
                "SELECT * FROM client_secrets WHERE identity_id = ? AND revoked = ? ORDER BY created_at",
                IdentityStore::clientSecret,
                identityId,
                false);
    }

    static Optional<ClientSecret> clientSecret(Tx tx, String identityId, String id) {
        return Jdbc.one(
                tx,
                "SELECT * FROM client_secrets WHERE identity_id = ? AND id = ?",
                IdentityStore::clientSecret,
                identityId,
                id);
    }

    static void insertClientSecret(Tx tx, ClientSecret s) {
        Jdbc.update(
                tx,
                "INSERT INTO client_secrets (id, identity_id, prefix, secret_hmac, description, ttl, num_uses_limit, "
                        + "num_uses, revoked, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(),
                s.identityId(),
                s.prefix(),
                s.hmac(),
                s.description(),
                s.ttl(),
                s.numUsesLimit(),
                s.numUses(),
                s.revoked(),
                s.createdAt(),
                s.updatedAt());
    }
}
