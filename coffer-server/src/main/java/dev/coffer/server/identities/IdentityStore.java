package dev.coffer.server.identities;

import dev.coffer.server.store.Dialect;
import dev.coffer.server.store.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for identities, universal auth and client secrets. */
final class IdentityStore {

    private IdentityStore() {}

    static Identity identity(ResultSet rs) throws SQLException {
        return new Identity(rs.getString("id"), rs.getString("org_id"), rs.getString("name"), rs.getString("org_role"),
                rs.getString("auth_method"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    static Optional<Identity> find(Connection c, String id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM identities WHERE id = ?", IdentityStore::identity, id);
    }

    static List<Identity> listByOrg(Connection c, String orgId) throws SQLException {
        return Jdbc.list(c, "SELECT * FROM identities WHERE org_id = ? ORDER BY name, id", IdentityStore::identity, orgId);
    }

    static void insert(Connection c, Identity i) throws SQLException {
        Jdbc.update(c, "INSERT INTO identities (id, org_id, name, org_role, auth_method, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", i.id(), i.orgId(), i.name(), i.orgRole(), i.authMethod(),
                i.createdAt(), i.updatedAt());
    }

    static int countOrgAdmins(Connection c, String orgId) throws SQLException {
        int identities = Jdbc.one(c, "SELECT COUNT(*) FROM identities WHERE org_id = ? AND org_role = 'admin'",
                rs -> rs.getInt(1), orgId).orElse(0);
        int users = Jdbc.one(c, "SELECT COUNT(*) FROM org_memberships WHERE org_id = ? AND role = 'admin'",
                rs -> rs.getInt(1), orgId).orElse(0);
        return identities + users;
    }

    static UniversalAuth universalAuth(ResultSet rs) throws SQLException {
        long ff = rs.getLong("first_failure_at");
        Long firstFailure = rs.wasNull() ? null : ff;
        long lu = rs.getLong("locked_until");
        Long lockedUntil = rs.wasNull() ? null : lu;
        return new UniversalAuth(rs.getString("id"), rs.getString("identity_id"), rs.getString("client_id"),
                rs.getLong("access_token_ttl"), rs.getLong("access_token_max_ttl"),
                rs.getLong("access_token_num_uses_limit"), TrustedIps.fromJson(rs.getString("client_secret_trusted_ips")),
                TrustedIps.fromJson(rs.getString("access_token_trusted_ips")), rs.getBoolean("lockout_enabled"),
                rs.getInt("lockout_threshold"), rs.getInt("lockout_duration_seconds"),
                rs.getInt("lockout_counter_reset_seconds"), rs.getInt("failed_attempts"), firstFailure, lockedUntil,
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    static Optional<UniversalAuth> universalAuthOf(Connection c, String identityId) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM universal_auths WHERE identity_id = ?", IdentityStore::universalAuth, identityId);
    }

    /**
     * Reads the row for a login and, on PostgreSQL, locks it until the transaction ends, so concurrent
     * logins of one identity count client-secret uses and failed attempts one after another (SQLite
     * already runs one writer at a time).
     */
    static Optional<UniversalAuth> universalAuthForLogin(Connection c, String clientId, Dialect dialect) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM universal_auths WHERE client_id = ?" + dialect.forUpdate(),
                IdentityStore::universalAuth, clientId);
    }

    static void insertUniversalAuth(Connection c, UniversalAuth u) throws SQLException {
        Jdbc.update(c, "INSERT INTO universal_auths (id, identity_id, client_id, access_token_ttl, access_token_max_ttl, "
                + "access_token_num_uses_limit, client_secret_trusted_ips, access_token_trusted_ips, lockout_enabled, "
                + "lockout_threshold, lockout_duration_seconds, lockout_counter_reset_seconds, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", u.id(), u.identityId(), u.clientId(),
                u.accessTokenTtl(), u.accessTokenMaxTtl(), u.accessTokenNumUsesLimit(),
                TrustedIps.toJson(u.clientSecretTrustedIps()), TrustedIps.toJson(u.accessTokenTrustedIps()),
                u.lockoutEnabled(), u.lockoutThreshold(), u.lockoutDurationSeconds(), u.lockoutCounterResetSeconds(),
                u.createdAt(), u.updatedAt());
    }

    static void updateUniversalAuth(Connection c, UniversalAuth u) throws SQLException {
        Jdbc.update(c, "UPDATE universal_auths SET access_token_ttl = ?, access_token_max_ttl = ?, "
                + "access_token_num_uses_limit = ?, client_secret_trusted_ips = ?, access_token_trusted_ips = ?, "
                + "lockout_enabled = ?, lockout_threshold = ?, lockout_duration_seconds = ?, "
                + "lockout_counter_reset_seconds = ?, updated_at = ? WHERE id = ?", u.accessTokenTtl(),
                u.accessTokenMaxTtl(), u.accessTokenNumUsesLimit(), TrustedIps.toJson(u.clientSecretTrustedIps()),
                TrustedIps.toJson(u.accessTokenTrustedIps()), u.lockoutEnabled(), u.lockoutThreshold(),
                u.lockoutDurationSeconds(), u.lockoutCounterResetSeconds(), u.updatedAt(), u.id());
    }

    static void recordFailure(Connection c, String uaId, int failedAttempts, Long firstFailureAt, Long lockedUntil)
            throws SQLException {
        Jdbc.update(c, "UPDATE universal_auths SET failed_attempts = ?, first_failure_at = ?, locked_until = ? WHERE id = ?",
                failedAttempts, firstFailureAt, lockedUntil, uaId);
    }

    static ClientSecret clientSecret(ResultSet rs) throws SQLException {
        return new ClientSecret(rs.getString("id"), rs.getString("identity_id"), rs.getString("prefix"),
                rs.getBytes("secret_hmac"), rs.getString("description"), rs.getLong("ttl"), rs.getLong("num_uses_limit"),
                rs.getLong("num_uses"), rs.getBoolean("revoked"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    static List<ClientSecret> activeClientSecrets(Connection c, String identityId) throws SQLException {
        return Jdbc.list(c, "SELECT * FROM client_secrets WHERE identity_id = ? AND revoked = ? ORDER BY created_at",
                IdentityStore::clientSecret, identityId, false);
    }

    static Optional<ClientSecret> clientSecret(Connection c, String identityId, String id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM client_secrets WHERE identity_id = ? AND id = ?",
                IdentityStore::clientSecret, identityId, id);
    }

    static void insertClientSecret(Connection c, ClientSecret s) throws SQLException {
        Jdbc.update(c, "INSERT INTO client_secrets (id, identity_id, prefix, secret_hmac, description, ttl, num_uses_limit, "
                + "num_uses, revoked, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(),
                s.identityId(), s.prefix(), s.hmac(), s.description(), s.ttl(), s.numUsesLimit(), s.numUses(),
                s.revoked(), s.createdAt(), s.updatedAt());
    }
}
