package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The access token's JWT {@code exp} on its own. The row normally ends the token first (exp is the max
 * TTL rounded up to a second), so here the row is changed behind the server's back to allow the token
 * for an hour with no max TTL: only the JWT's exp can then end it.
 */
class AccessTokensTest {

    @Test
    void aTokenIs401FromTheMillisecondItsJwtExpIsReachedEvenThoughItsRowWouldStillAllowIt() throws Exception {
        // 250 ms into a second, so the rounding of exp up to a whole second shows
        TestClock clock =
                new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(250));
        try (TestServer server = TestServer.start(Backend.SQLITE, clock)) {
            Api api = server.api();
            Fixtures f = new Fixtures(api);
            Fixtures.Machine m = f.machine("exp", "member");
            Api.Response patched = api.patch(
                    "/api/v1/auth/universal-auth/identities/" + m.id(),
                    f.admin().token(),
                    Map.of("accessTokenTTL", 10, "accessTokenMaxTTL", 10));
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);

            long loggedInAt = clock.millis();
            String token = f.login(m.clientId(), m.clientSecret());
            JsonNode claims = Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            long exp = claims.path("exp").asLong() * 1000;
            assertThat(exp).as("10 s, rounded up to a whole second").isEqualTo(loggedInAt + 10_750);

            try (Connection c = DriverManager.getConnection(server.directJdbcUrl());
                    PreparedStatement ps =
                            c.prepareStatement("UPDATE access_tokens SET ttl = 3600, max_ttl = 0 WHERE id = ?")) {
                ps.setString(1, claims.path("identityAccessTokenId").asText());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            String self = "/api/v1/identities/" + m.id();

            clock.advance(Duration.ofMillis(10_000));
            assertThat(api.get(self, token).status())
                    .as("past the original max TTL, before exp")
                    .isEqualTo(200);
            clock.set(Instant.ofEpochMilli(exp - 1));
            assertThat(api.get(self, token).status()).as("1 ms before exp").isEqualTo(200);

            clock.set(Instant.ofEpochMilli(exp));
            Api.Response r = api.get(self, token);
            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.message()).containsIgnoringCase("max TTL");
            Api.Response renew = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
            assertThat(renew.status()).as(renew.body()).isEqualTo(401);
            assertThat(renew.message()).containsIgnoringCase("max TTL");
        }
    }

    @Test
    void aTokenUsedBeforeDoesNotVouchForACopyWithAnotherSignatureOrClaims() {
        try (TestServer server = TestServer.start(Backend.SQLITE)) {
            Api api = server.api();
            Fixtures f = new Fixtures(api);
            Fixtures.Machine m = f.machine("copy", "member");
            String token = f.login(m.clientId(), m.clientSecret());
            String self = "/api/v1/identities/" + m.id();
            assertThat(api.get(self, token).status()).isEqualTo(200);
            assertThat(api.get(self, token).status())
                    .as("checked once, then known")
                    .isEqualTo(200);

            String[] parts = token.split("\\.");
            char last = parts[2].charAt(parts[2].length() - 2);
            String otherSignature = parts[0] + "." + parts[1] + "."
                    + parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? 'B' : 'A')
                    + parts[2].charAt(parts[2].length() - 1);
            String claims =
                    new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
            String otherClaims = parts[0] + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(claims.replace("\"iat\":", "\"iat\":1")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "." + parts[2];

            for (String forged : new String[] {otherSignature, otherClaims, token + "x"}) {
                Api.Response r = api.get(self, forged);
                assertThat(r.status()).as(forged).isEqualTo(401);
                assertThat(r.message()).contains("malformed or was not issued by this server");
            }
            assertThat(api.get(self, token).status()).isEqualTo(200);
        }
    }
}
