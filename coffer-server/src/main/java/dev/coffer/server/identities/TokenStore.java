package dev.coffer.server.identities;

import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Joinable;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private static final String INSERT = INSERT_COLUMNS + "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)";

    static void insert(Tx tx, NewToken t) {
        Jdbc.update(tx, INSERT, values(t));
    }

    private static Object[] values(NewToken t) {
        return new Object[] {
            t.id(),
            t.identityId(),
            t.authMethod(),
            t.clientSecretId(),
            t.ttl(),
            t.maxTtl(),
            t.numUsesLimit(),
            TrustedIps.toJson(t.trustedIps()),
            false,
            t.createdAt()
        };
    }

    /**
     * A common login's write ({@link LoginService}): its use of the client secret is counted, only if
     * that still counts ({@link IdentityStore#COUNT_COMMON_LOGIN_USES}), and its token written only if it
     * did; it touches one row when the token was written, none otherwise. The logins of a write group run
     * together: one count for all those of the same client secret (and settings), then their tokens —
     * on PostgreSQL both in one statement, where each statement is a round trip (a count and a token for
     * each login had been most of PostgreSQL's work in a login, and the secret's row rewritten each time).
     */
    record CommonLogin(NewToken token, String uaId, long uaUpdatedAt) implements Joinable {
        @Override
        public Object kind() {
            return CommonLogin.class;
        }

        private CountedAgainst countedAgainst() {
            return new CountedAgainst(token.clientSecretId(), uaId, uaUpdatedAt);
        }

        @Override
        public int[] runTogether(Tx tx, List<Joinable> all) {
            Map<CountedAgainst, List<Integer>> bySecret = new LinkedHashMap<>();
            for (int i = 0; i < all.size(); i++) {
                bySecret.computeIfAbsent(((CommonLogin) all.get(i)).countedAgainst(), k -> new ArrayList<>())
                        .add(i);
            }
            int[] rows = new int[all.size()];
            bySecret.forEach((against, logins) -> {
                List<NewToken> tokens = new ArrayList<>(logins.size());
                for (int i : logins) tokens.add(((CommonLogin) all.get(i)).token);
                boolean written = writeIfCounted(tx, tokens, against);
                for (int i : logins) rows[i] = written ? 1 : 0;
            });
            return rows;
        }

        @Override
        public String toString() {
            return "CommonLogin[" + token.id() + "]";
        }
    }

    /** A client secret, and its universal auth as the logins that use it read it ({@code updated_at}). */
    private record CountedAgainst(String secretId, String uaId, long uaUpdatedAt) {}

    /** Counts {@code tokens.size()} uses of the secret {@code against} names and writes the tokens, or neither. */
    private static boolean writeIfCounted(Tx tx, List<NewToken> tokens, CountedAgainst against) {
        List<Object> count = new ArrayList<>();
        count.add((long) tokens.size());
        count.addAll(IdentityStore.commonLoginUseArgs(against.secretId(), against.uaId(), against.uaUpdatedAt()));
        if (!tx.dialect().joinsWritesInOneStatement()) {
            if (Jdbc.update(tx, IdentityStore.COUNT_COMMON_LOGIN_USES, count.toArray()) != 1) return false;
            List<Object[]> rows = new ArrayList<>(tokens.size());
            for (NewToken t : tokens) rows.add(values(t));
            Jdbc.batch(tx, INSERT, rows);
            return true;
        }
        count.addAll(columns(tokens));
        return Jdbc.update(tx, COUNT_AND_INSERT, count.toArray()) == tokens.size();
    }

    /** PostgreSQL: the count and, only if it counted, the tokens given as one array per column. */
    private static final String COUNT_AND_INSERT = "WITH counted AS (" + IdentityStore.COUNT_COMMON_LOGIN_USES
            + " RETURNING id) " + INSERT_COLUMNS
            + "SELECT t.id, t.identity_id, t.auth_method, t.client_secret_id, t.ttl, t.max_ttl, t.num_uses_limit, 0,"
            + " t.trusted_ips, t.revoked, t.created_at FROM counted, unnest(?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::boolean[], ?::bigint[]) AS t(id,"
            + " identity_id, auth_method, client_secret_id, ttl, max_ttl, num_uses_limit, trusted_ips, revoked,"
            + " created_at)";

    /** The tokens' columns as arrays, in {@link #COUNT_AND_INSERT}'s order. */
    private static List<Object> columns(List<NewToken> tokens) {
        int n = tokens.size();
        String[] id = new String[n], identity = new String[n], method = new String[n], secret = new String[n];
        String[] ips = new String[n];
        long[] ttl = new long[n], maxTtl = new long[n], limit = new long[n], created = new long[n];
        for (int i = 0; i < n; i++) {
            NewToken t = tokens.get(i);
            id[i] = t.id();
            identity[i] = t.identityId();
            method[i] = t.authMethod();
            secret[i] = t.clientSecretId();
            ttl[i] = t.ttl();
            maxTtl[i] = t.maxTtl();
            limit[i] = t.numUsesLimit();
            ips[i] = TrustedIps.toJson(t.trustedIps());
            created[i] = t.createdAt();
        }
        return List.of(id, identity, method, secret, ttl, maxTtl, limit, ips, new boolean[n], created);
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
