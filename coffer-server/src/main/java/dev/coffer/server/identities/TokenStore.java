package dev.coffer.server.identities;

import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SQL for access tokens. */
final class TokenStore {

    /** A token row joined with its identity. TTLs in seconds, times in epoch milliseconds. */
    record TokenRow(
            String id,
            String identityId,
            String identityName,
            String orgId,
            String orgRole,
            long ttl,
            long maxTtl,
            long numUsesLimit,
            long numUses,
            List<String> trustedIps,
            boolean revoked,
            long createdAt,
            Long lastRenewedAt) {

        /** When the token stops working unless renewed: its TTL from the last renewal, capped by the max TTL. */
        long expiresAt() {
            if (ttl <= 0) return Long.MAX_VALUE;
            long base = lastRenewedAt != null ? lastRenewedAt : createdAt;
            long end = base + ttl * 1000;
            return maxTtl > 0 ? Math.min(end, createdAt + maxTtl * 1000) : end;
        }

        /** When no renewal can keep it alive any longer. */
        long maxExpiresAt() {
            return maxTtl > 0 ? createdAt + maxTtl * 1000 : Long.MAX_VALUE;
        }
    }

    /** What a new token row holds. */
    record NewToken(
            String id,
            String identityId,
            String authMethod,
            String clientSecretId,
            long ttl,
            long maxTtl,
            long numUsesLimit,
            List<String> trustedIps,
            long createdAt) {}

    private TokenStore() {}

    private static final String INSERT_COLUMNS = "INSERT INTO access_tokens (id, identity_id, auth_method, "
            + "client_secret_id, ttl, max_ttl, num_uses_limit, num_uses, trusted_ips, revoked, created_at) ";

    static void insert(Tx tx, NewToken t) {
        Jdbc.update(tx, INSERT_COLUMNS + "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", values(t, List.of()));
    }

    private static Object[] values(NewToken t, List<Object> before) {
        List<Object> out = new ArrayList<>(before);
        out.addAll(Arrays.asList(
                t.id(),
                t.identityId(),
                t.authMethod(),
                t.clientSecretId(),
                t.ttl(),
                t.maxTtl(),
                t.numUsesLimit(),
                TrustedIps.toJson(t.trustedIps()),
                false,
                t.createdAt()));
        return out.toArray();
    }

    /**
     * Writes a common login's token only if its use of the client secret counts ({@link
     * IdentityStore#countCommonLoginUse}); false, writing nothing, when it does not. On PostgreSQL both
     * are one statement (one round trip instead of two, for each login of a group).
     */
    static boolean insertIfCommonLoginUseCounts(Tx tx, NewToken t, String uaId, long uaUpdatedAt) {
        if (!tx.dialect().joinsWritesInOneStatement()) {
            if (!IdentityStore.countCommonLoginUse(tx, t.clientSecretId(), uaId, uaUpdatedAt)) return false;
            insert(tx, t);
            return true;
        }
        Jdbc.Update u = commonLoginInOneStatement(t, uaId, uaUpdatedAt);
        return Jdbc.update(tx, u.sql(), u.args()) == 1;
    }

    /**
     * {@link #insertIfCommonLoginUseCounts} as one statement, for PostgreSQL ({@code
     * joinsWritesInOneStatement}): it touches one row when the token was written. A group of logins sends
     * theirs as one batch.
     */
    static Jdbc.Update commonLoginInOneStatement(NewToken t, String uaId, long uaUpdatedAt) {
        String sql = "WITH counted AS (" + IdentityStore.COUNT_COMMON_LOGIN_USE + " RETURNING id) " + INSERT_COLUMNS
                + "SELECT ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ? FROM counted";
        return new Jdbc.Update(sql, values(t, IdentityStore.commonLoginUseArgs(t.clientSecretId(), uaId, uaUpdatedAt)));
    }

    static Optional<TokenRow> find(Tx tx, String id) {
        return Jdbc.one(
                tx,
                "SELECT t.*, i.name AS identity_name, i.org_id, i.org_role FROM access_tokens t "
                        + "JOIN identities i ON i.id = t.identity_id WHERE t.id = ?",
                TokenStore::row,
                id);
    }

    /** The tokens issued by an auth method that are not revoked (expired ones included), oldest first. */
    static List<TokenRow> unrevokedByMethod(Tx tx, String authMethod) {
        return Jdbc.list(
                tx,
                "SELECT t.*, i.name AS identity_name, i.org_id, i.org_role FROM access_tokens t "
                        + "JOIN identities i ON i.id = t.identity_id WHERE t.auth_method = ? AND t.revoked = ? "
                        + "ORDER BY t.created_at, t.id",
                TokenStore::row,
                authMethod,
                false);
    }

    private static TokenRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long lr = rs.getLong("last_renewed_at");
        Long lastRenewed = rs.wasNull() ? null : lr;
        return new TokenRow(
                rs.getString("id"),
                rs.getString("identity_id"),
                rs.getString("identity_name"),
                rs.getString("org_id"),
                rs.getString("org_role"),
                rs.getLong("ttl"),
                rs.getLong("max_ttl"),
                rs.getLong("num_uses_limit"),
                rs.getLong("num_uses"),
                TrustedIps.fromJson(rs.getString("trusted_ips")),
                rs.getBoolean("revoked"),
                rs.getLong("created_at"),
                lastRenewed);
    }

    static void renewed(Tx tx, String id, long now) {
        Jdbc.update(tx, "UPDATE access_tokens SET last_renewed_at = ? WHERE id = ?", now, id);
    }

    static void revoke(Tx tx, String id) {
        Jdbc.update(tx, "UPDATE access_tokens SET revoked = ? WHERE id = ?", true, id);
    }

    static void revokeIssuedBy(Tx tx, String identityId, String authMethod) {
        Jdbc.update(
                tx,
                "UPDATE access_tokens SET revoked = ? WHERE identity_id = ? AND auth_method = ?",
                true,
                identityId,
                authMethod);
    }

    /** Counts one use; false when the token has used up its limit. */
    static boolean countUse(Tx tx, String id) {
        return Jdbc.update(
                        tx,
                        "UPDATE access_tokens SET num_uses = num_uses + 1 WHERE id = ? AND num_uses < num_uses_limit",
                        id)
                > 0;
    }
}
