package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.identities.TokenStore.CommonLogin;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Joinable;
import dev.coffer.server.store.Tx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The common logins of one write group, run together ({@link TokenStore.CommonLogin}): each client
 * secret's uses are counted once for all its logins, and a login's token is written only if its use
 * counted — logins of a revoked secret, or of settings changed since they were read, write nothing,
 * whatever logins of other secrets share their group.
 */
abstract class CommonLoginsTogetherSuite extends UniversalAuthHarness {

    @Test
    void eachSecretsUsesAreCountedAndOnlyTheLoginsWhoseUseCountedGetATokenRow() throws Exception {
        Cred valid = machine("member", Map.of());
        Cred revoked = machine("member", Map.of());
        Cred changed = machine("member", Map.of());
        revoke(revoked);
        // read before its settings change: the logins of "changed" carry what they read
        CommonLogin[] group = {
            login(valid, 0), login(revoked, 0), login(valid, 0), login(changed, -1), login(valid, 0), login(revoked, 0)
        };
        long validBefore = uses(valid), revokedBefore = uses(revoked), changedBefore = uses(changed);

        int[] rows = inOneWrite(group);

        assertThat(rows).containsExactly(1, 0, 1, 0, 1, 0);
        assertThat(uses(valid)).isEqualTo(validBefore + 3);
        assertThat(uses(revoked)).isEqualTo(revokedBefore);
        assertThat(uses(changed)).isEqualTo(changedBefore);
        assertThat(tokenRows(group))
                .containsExactly(
                        group[0].token().id(),
                        group[2].token().id(),
                        group[4].token().id());
    }

    @Test
    void aLoginAloneIsWrittenAsInAGroup() throws Exception {
        Cred valid = machine("member", Map.of());
        CommonLogin one = login(valid, 0);
        long before = uses(valid);

        assertThat(inOneWrite(one)).containsExactly(1);
        assertThat(uses(valid)).isEqualTo(before + 1);
        assertThat(tokenRows(one)).containsExactly(one.token().id());
    }

    /** A common login of {@code cred} as read with its universal auth's {@code updated_at} moved by {@code skew}. */
    private CommonLogin login(Cred cred, long skew) throws SQLException {
        String uaId;
        long updatedAt;
        try (Connection c = jdbc(server);
                PreparedStatement ps =
                        c.prepareStatement("SELECT id, updated_at FROM universal_auths WHERE identity_id = ?")) {
            ps.setString(1, cred.identityId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                uaId = rs.getString(1);
                updatedAt = rs.getLong(2);
            }
        }
        TokenStore.NewToken token = new TokenStore.NewToken(
                UUID.randomUUID().toString(),
                cred.identityId(),
                "universal-auth",
                cred.clientSecretId(),
                3600,
                7200,
                0,
                List.of("0.0.0.0/0"),
                System.currentTimeMillis());
        return new CommonLogin(token, uaId, updatedAt + skew);
    }

    private int[] inOneWrite(CommonLogin... logins) {
        try (Database db = server.openDatabase(new Invalidator())) {
            List<Joinable> all = new ArrayList<>(List.of(logins));
            return db.write((Tx tx) -> logins[0].runTogether(tx, all));
        }
    }

    private long uses(Cred cred) throws SQLException {
        try (Connection c = jdbc(server);
                PreparedStatement ps = c.prepareStatement("SELECT num_uses FROM client_secrets WHERE id = ?")) {
            ps.setString(1, cred.clientSecretId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    /** Which of the logins' tokens have a row, in the logins' order. */
    private List<String> tokenRows(CommonLogin... logins) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = jdbc(server);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM access_tokens WHERE id = ?")) {
            for (CommonLogin l : logins) {
                ps.setString(1, l.token().id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 1) found.add(l.token().id());
                }
            }
        }
        return found;
    }
}
