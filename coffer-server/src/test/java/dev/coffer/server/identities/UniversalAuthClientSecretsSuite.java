package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Client secrets end to end over real HTTP: TTL to the millisecond, use limits (also under concurrent
 * logins), revocation, listings that show only a prefix, HMAC at rest (no column of any table holds a
 * secret), and the trusted IPs of logins and of the tokens they give.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UniversalAuthClientSecretsSuite extends UniversalAuthHarness {

    // ---------------------------------------------------------------- client secrets

    @Test
    void aClientSecretWorksUntilItsTtlAndIsRefusedWithAMessageAboutExpiryFromThen() {
        Cred cred = machine("member", Map.of());
        Secret s = clientSecret(cred.identityId(), Map.of("description", "short", "ttl", 1));
        clock.advance(Duration.ofMillis(999));
        assertThat(login(cred.clientId(), s.secret()).status())
                .as("1 ms before its 1 s TTL")
                .isEqualTo(200);

        clock.advance(Duration.ofMillis(1));
        Api.Response r = login(cred.clientId(), s.secret());
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.message()).containsIgnoringCase("expired");
        assertThat(api.get(uaPath(cred.identityId()) + "/client-secrets/" + s.id(), admin.token())
                        .json()
                        .at("/clientSecretData/isClientSecretRevoked")
                        .asBoolean())
                .as("an expired secret is revoked")
                .isTrue();
        assertThat(login(cred.clientId(), cred.clientSecret()).status())
                .as("the other secret still works")
                .isEqualTo(200);
    }

    @Test
    void aClientSecretWithUseLimitOneAllowsExactlyOneLogin() {
        Cred cred = machine("member", Map.of());
        Secret s = clientSecret(cred.identityId(), Map.of("description", "once", "numUsesLimit", 1));

        assertThat(login(cred.clientId(), s.secret()).status()).isEqualTo(200);
        Api.Response second = login(cred.clientId(), s.secret());
        assertThat(second.status()).as(second.body()).isEqualTo(401);
        assertThat(second.message()).containsIgnoringCase("limit");
    }

    @Test
    void concurrentLoginsCannotUseAOneUseClientSecretTwice() throws Exception {
        Cred cred = machine("member", Map.of());
        Secret s = clientSecret(cred.identityId(), Map.of("description", "once", "numUsesLimit", 1));

        List<Api.Response> results = concurrently(16, () -> login(cred.clientId(), s.secret()));

        long ok = results.stream().filter(r -> r.status() == 200).count();
        assertThat(ok)
                .as("successful logins with a one-use secret: %s", results)
                .isEqualTo(1);
        Api.Response data = api.get(uaPath(cred.identityId()) + "/client-secrets/" + s.id(), admin.token());
        assertThat(data.json().at("/clientSecretData/clientSecretNumUses").asLong())
                .isEqualTo(1);
    }

    @Test
    void concurrentLoginsWithAnUnlimitedClientSecretAreEachCounted() throws Exception {
        Cred cred = machine("member", Map.of());

        List<Api.Response> results = concurrently(16, () -> login(cred.clientId(), cred.clientSecret()));

        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(results.stream()
                        .map(r -> r.json().at("/accessToken").asText())
                        .distinct())
                .hasSize(16);
        Api.Response data =
                api.get(uaPath(cred.identityId()) + "/client-secrets/" + cred.clientSecretId(), admin.token());
        assertThat(data.json().at("/clientSecretData/clientSecretNumUses").asLong())
                .isEqualTo(16);
    }

    @Test
    void aRevokedClientSecretNoLongerLogsIn() {
        Cred cred = machine("member", Map.of());
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(200);

        Api.Response revoke = revoke(cred);
        assertThat(revoke.json().at("/clientSecretData/isClientSecretRevoked").asBoolean())
                .isTrue();

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as(r.body()).isEqualTo(401);
    }

    @Test
    void aDescriptionLongerThan500CharactersIsRefusedAndNoSecretIsCreated() {
        Cred cred = machine("member", Map.of());
        Api.Response tooLong = api.post(
                uaPath(cred.identityId()) + "/client-secrets", admin.token(), Map.of("description", "d".repeat(501)));
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.json().path("message").asText()).contains("at most 500 characters");
        Api.Response list = api.get(uaPath(cred.identityId()) + "/client-secrets", admin.token());
        assertThat(list.json().path("clientSecretData").findValuesAsText("id")).containsExactly(cred.clientSecretId());

        Api.Response longest = api.post(
                uaPath(cred.identityId()) + "/client-secrets", admin.token(), Map.of("description", "d".repeat(500)));
        assertThat(longest.status()).as(longest.body()).isEqualTo(200);
    }

    @Test
    void listingClientSecretsOmitsRevokedOnesAndShowsOnlyTheFourCharacterPrefix() {
        Cred cred = machine("member", Map.of());
        Secret kept = clientSecret(cred.identityId(), Map.of("description", "kept"));
        Secret revoked = clientSecret(cred.identityId(), Map.of("description", "to revoke"));
        api.post(uaPath(cred.identityId()) + "/client-secrets/" + revoked.id() + "/revoke", admin.token(), Map.of());

        Api.Response list = api.get(uaPath(cred.identityId()) + "/client-secrets", admin.token());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> ids = list.json().path("clientSecretData").findValuesAsText("id");
        assertThat(ids).contains(cred.clientSecretId(), kept.id()).doesNotContain(revoked.id());
        for (JsonNode item : list.json().path("clientSecretData")) {
            assertThat(item.path("clientSecretPrefix").asText()).hasSize(4);
            if (item.path("id").asText().equals(kept.id())) {
                assertThat(item.path("clientSecretPrefix").asText())
                        .isEqualTo(kept.secret().substring(0, 4));
                assertThat(item.path("description").asText()).isEqualTo("kept");
            }
        }
        for (String secret : List.of(cred.clientSecret(), kept.secret(), revoked.secret())) {
            assertThat(list.body()).doesNotContain(secret);
            assertThat(list.body()).doesNotContain(secret.substring(0, 12));
        }
        Api.Response one = api.get(uaPath(cred.identityId()) + "/client-secrets/" + kept.id(), admin.token());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).doesNotContain(kept.secret());
    }

    @Test
    void theDatabaseNeverHoldsAClientSecretInAnyColumn() throws Exception {
        Cred cred = machine("member", Map.of());
        Secret s = clientSecret(cred.identityId(), Map.of("description", "scan me"));
        assertThat(login(cred.clientId(), s.secret()).status()).isEqualTo(200);

        List<String> secrets = List.of(s.secret(), cred.clientSecret());
        try (Connection c = jdbc()) {
            // the client_secrets table: its row exists, holds the prefix, and nothing else of the secret
            int ours = 0;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM client_secrets")) {
                while (rs.next()) {
                    if (rs.getString("id").equals(s.id())) {
                        ours++;
                        assertThat(rs.getString("prefix")).isEqualTo(s.secret().substring(0, 4));
                        assertThat(rs.getBytes("secret_hmac")).hasSize(32);
                    }
                    assertColumnsDoNotContain(rs, "client_secrets", secrets);
                }
            }
            assertThat(ours).as("the new secret's row").isEqualTo(1);
            // and no other table either
            List<String> tables = tables(c);
            assertThat(tables).contains("client_secrets", "universal_auths", "access_tokens");
            for (String table : tables) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) assertColumnsDoNotContain(rs, table, secrets);
                }
            }
        }
    }

    // ---------------------------------------------------------------- trusted IPs

    @Test
    void aLoginFromOutsideTheClientSecretTrustedIpsIs403NamingTheAddress() {
        Cred cred = machine("member", Map.of("clientSecretTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"))));

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.message()).contains("127.0.0.1");
        assertThat(r.body()).doesNotContain("accessToken\"");

        Api.Response widened = api.patch(
                uaPath(cred.identityId()),
                admin.token(),
                Map.of(
                        "clientSecretTrustedIps",
                        List.of(Map.of("ipAddress", "10.0.0.0/8"), Map.of("ipAddress", "127.0.0.1/32"))));
        assertThat(widened.status()).as(widened.body()).isEqualTo(200);
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(200);
    }

    @Test
    void aTokenUsedFromOutsideItsTrustedIpsIs403NamingTheAddress() {
        Cred cred = machine("member", Map.of("accessTokenTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"))));
        Api.Response login = login(cred.clientId(), cred.clientSecret());
        assertThat(login.status())
                .as("login itself is not restricted: %s", login.body())
                .isEqualTo(200);

        Api.Response r =
                probe(cred.identityId(), login.json().path("accessToken").asText());
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.message()).contains("127.0.0.1");
    }

    @Test
    void aTokenCannotBeRenewedFromOutsideItsTrustedIps() {
        Cred cred = machine("member", Map.of("accessTokenTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"))));
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();

        Api.Response renewed = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(403);
        assertThat(renewed.message()).contains("127.0.0.1");
    }

    @Test
    void aTokenFromInsideItsTrustedIpsWorks() {
        Cred cred = machine("member", Map.of("accessTokenTrustedIps", List.of(Map.of("ipAddress", "127.0.0.0/8"))));
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();

        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        Api.Response ua = api.get(uaPath(cred.identityId()), admin.token());
        assertThat(ua.json()
                        .at("/identityUniversalAuth/accessTokenTrustedIps/0/ipAddress")
                        .asText())
                .isEqualTo("127.0.0.0");
        assertThat(ua.json()
                        .at("/identityUniversalAuth/accessTokenTrustedIps/0/prefix")
                        .asInt())
                .isEqualTo(8);
    }

    @Test
    void anInvalidCidrInTrustedIpsIsABadRequestAndChangesNothing() {
        Cred cred = machine("member", Map.of());
        for (String bad : List.of("10.0.0.0/33", "not-an-ip", "300.1.1.1", "::/129", "example.com")) {
            Api.Response r = api.patch(
                    uaPath(cred.identityId()),
                    admin.token(),
                    Map.of("clientSecretTrustedIps", List.of(Map.of("ipAddress", bad))));
            assertThat(r.status()).as("%s → %s", bad, r.body()).isEqualTo(400);
            assertThat(r.json().path("error").asText()).isEqualTo("BadRequest");
        }
        String id = identity("member");
        Api.Response attach = api.post(
                uaPath(id),
                admin.token(),
                Map.of("accessTokenTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/99"))));
        assertThat(attach.status()).as(attach.body()).isEqualTo(400);
        assertThat(login(cred.clientId(), cred.clientSecret()).status())
                .as("still open to all")
                .isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    private Connection jdbc() throws SQLException {
        return jdbc(server);
    }

    private List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        String schema = backend() == Backend.POSTGRES ? "public" : null;
        try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) out.add(rs.getString("TABLE_NAME").toLowerCase());
        }
        return out;
    }

    /** Every column of the current row, read as text, as raw bytes and as hex of those bytes. */
    private static void assertColumnsDoNotContain(ResultSet rs, String table, List<String> secrets)
            throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        for (int i = 1; i <= n; i++) {
            String column = table + "." + rs.getMetaData().getColumnName(i);
            List<String> forms = new ArrayList<>();
            String text = rs.getString(i);
            if (text != null) forms.add(text);
            try {
                byte[] bytes = rs.getBytes(i);
                if (bytes != null) {
                    forms.add(new String(bytes, StandardCharsets.ISO_8859_1));
                    forms.add(HexFormat.of().formatHex(bytes));
                }
            } catch (SQLException notBytes) {
                // a column the driver cannot read as bytes; its text form was checked
            }
            for (String form : forms) {
                for (String secret : secrets) {
                    assertThat(form).as(column).doesNotContainIgnoringCase(secret);
                    assertThat(form).as(column).doesNotContainIgnoringCase(secret.substring(4));
                }
            }
        }
    }
}
