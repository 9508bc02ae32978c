package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Universal auth login end to end over real HTTP: the token response and the JWT it carries, the one
 * answer every bad login gets, and lockout after failed attempts (threshold, client id variants,
 * disabling it, concurrent guesses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UniversalAuthLoginSuite extends UniversalAuthHarness {

    // ---------------------------------------------------------------- login and the token response

    @Test
    void loginAnswersWithInfisicalsTokenResponseAndTheDefaultThirtyDayTtls() {
        Cred cred = machine("member", Map.of());
        Api.Response r = login(cred.clientId(), cred.clientSecret());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accessToken").asText()).isNotEmpty();
        assertThat(r.json().path("expiresIn").asLong()).isEqualTo(2_592_000L);
        assertThat(r.json().path("accessTokenMaxTTL").asLong()).isEqualTo(2_592_000L);
        assertThat(r.json().path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(probe(cred.identityId(), r.json().path("accessToken").asText())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aLoginReadsItsIdentitysSettingsWithoutLockingTheirRow() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                server.backend() == dev.coffer.server.testing.Backend.POSTGRES,
                "a row lock leaves its transaction in the row's xmax on PostgreSQL only");
        Cred cred = machine("member", Map.of());
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(200);
        // a lock taken by the read (FOR UPDATE outside a transaction) writes its id to the row's page
        try (java.sql.Connection c = jdbc(server);
                java.sql.PreparedStatement ps =
                        c.prepareStatement("SELECT xmax::text FROM universal_auths WHERE client_id = ?")) {
            ps.setString(1, cred.clientId());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("0");
            }
        }
    }

    @Test
    void theAccessTokenIsAJwtWhosePayloadNamesTheIdentityAndTheTokenRow() {
        Cred cred = machine("member", Map.of());
        long now = clock.millis();
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();

        JsonNode claims = payload(token);
        assertThat(claims.path("identityId").asText()).isEqualTo(cred.identityId());
        assertThat(claims.path("identityAccessTokenId").asText()).matches("[0-9a-f-]{36}");
        assertThat(claims.path("authTokenType").asText()).isEqualTo("identityAccessToken");
        assertThat(claims.path("iat").asLong()).isEqualTo(now / 1000);
        // exp is the 30-day max TTL, rounded up to a whole second
        assertThat(claims.path("exp").asLong()).isEqualTo((now + 2_592_000_000L + 999) / 1000);
        JsonNode header = json(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header.path("alg").asText()).isEqualTo("HS256");
    }

    @Test
    void loginWorksWithTheTrailingSlashTheGoCliSends() {
        Cred cred = machine("member", Map.of());
        Api.Response r =
                api.post(LOGIN + "/", null, Map.of("clientId", cred.clientId(), "clientSecret", cred.clientSecret()));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(probe(cred.identityId(), r.json().path("accessToken").asText())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aWrongSecretAnUnknownClientIdAndAMalformedClientIdAllGetTheSame401() {
        Cred cred = machine("member", Map.of());
        Api.Response wrongSecret = login(cred.clientId(), "0".repeat(64));
        Api.Response unknownId = login("7d4a9a51-3f5e-4f0c-9a44-2b1f0f7e8c11", cred.clientSecret());
        Api.Response malformedId = login("not-a-uuid' OR 1=1 --", cred.clientSecret());

        for (Api.Response r : List.of(wrongSecret, unknownId, malformedId)) {
            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.json().path("error").asText()).isEqualTo("UnauthorizedError");
        }
        assertThat(wrongSecret.message()).isNotBlank();
        assertThat(unknownId.message()).isEqualTo(wrongSecret.message());
        assertThat(malformedId.message()).isEqualTo(wrongSecret.message());
        assertThat(wrongSecret.body()).doesNotContain(cred.clientSecret());
    }

    @Test
    void noFailedLoginWithoutAValidSecretTellsWhetherTheClientIdExistsStatusMessageAndHeadersAreIdentical() {
        Cred plain = machine("member", Map.of());
        Cred locked = machine("member", Map.of());
        for (int i = 0; i < 3; i++) login(locked.clientId(), "wrong-" + i);
        Cred fenced = machine("member", Map.of("clientSecretTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"))));
        Cred noSecrets = machine("member", Map.of());
        revoke(noSecrets);

        Api.Response unknownId = login(UUID.randomUUID().toString(), plain.clientSecret());
        Map<String, Api.Response> known = Map.of(
                "a wrong secret", login(plain.clientId(), "0".repeat(64)),
                "a locked identity, with its correct secret", login(locked.clientId(), locked.clientSecret()),
                "a locked identity, with a wrong secret", login(locked.clientId(), "0".repeat(64)),
                "a wrong secret from outside the trusted IPs", login(fenced.clientId(), "0".repeat(64)),
                "an identity whose only secret was revoked", login(noSecrets.clientId(), noSecrets.clientSecret()));

        assertThat(unknownId.status()).isEqualTo(401);
        known.forEach((what, r) -> {
            assertThat(withoutRequestId(r.body())).as(what).isEqualTo(withoutRequestId(unknownId.body()));
            assertThat(r.status()).as(what).isEqualTo(unknownId.status());
            assertThat(r.headers().map().keySet())
                    .as(what)
                    .isEqualTo(unknownId.headers().map().keySet());
        });
        // the one answer still tells a locked-out caller what may be going on
        assertThat(unknownId.message()).contains("wrong").containsIgnoringCase("temporarily locked");
    }

    @Test
    void aCorrectSecretFromOutsideTheTrustedIpsIsToldSoAndAWrongOneCountsTowardTheLockout() {
        Cred fenced = machine("member", Map.of("clientSecretTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"))));
        Api.Response right = login(fenced.clientId(), fenced.clientSecret());
        assertThat(right.status()).as(right.body()).isEqualTo(403);
        assertThat(right.message()).contains("127.0.0.1");

        for (int i = 0; i < 3; i++) login(fenced.clientId(), "wrong-" + i);
        Api.Response afterGuesses = login(fenced.clientId(), fenced.clientSecret());
        assertThat(afterGuesses.status())
                .as("three wrong guesses from outside lock it: %s", afterGuesses.body())
                .isEqualTo(401);
    }

    private static String withoutRequestId(String body) {
        return body.replaceFirst("\"reqId\":\"[^\"]*\"", "\"reqId\":\"\"");
    }

    @Test
    void aLoginWithoutClientIdOrSecretIsAValidationError() {
        Api.Response r = api.post(LOGIN, null, Map.of("clientId", "7d4a9a51-3f5e-4f0c-9a44-2b1f0f7e8c11"));

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.message()).contains("clientSecret");
    }

    // ---------------------------------------------------------------- lockout

    @Test
    void afterThreeWrongSecretsEvenTheCorrectSecretIsRefusedAsTemporarilyLocked() {
        Cred cred = machine("member", Map.of());
        for (int i = 0; i < 3; i++) {
            assertThat(login(cred.clientId(), "wrong-" + i).status()).isEqualTo(401);
        }

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.message()).containsIgnoringCase("temporarily locked");
        assertThat(r.json().path("error").asText()).isEqualTo("UnauthorizedError");
    }

    @Test
    void twoWrongSecretsDoNotLockAndASuccessfulLoginResetsTheCount() {
        Cred cred = machine("member", Map.of());
        login(cred.clientId(), "wrong-1");
        login(cred.clientId(), "wrong-2");
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(200);
        login(cred.clientId(), "wrong-3");
        login(cred.clientId(), "wrong-4");

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status())
                .as("two failures after a success must not lock: %s", r.body())
                .isEqualTo(200);
    }

    @Test
    void caseAndWhitespaceVariantsOfTheClientIdCountTowardTheSameLockout() {
        Cred cred = machine("member", Map.of());
        String upper = cred.clientId().toUpperCase();
        String padded = "  " + cred.clientId() + " ";
        // three failures, none of them with the exact client id
        assertThat(login(upper, "wrong-1").status()).isEqualTo(401);
        assertThat(login(padded, "wrong-2").status()).isEqualTo(401);
        assertThat(login(" " + upper + "\t", "wrong-3").status()).isEqualTo(401);

        Api.Response exact = login(cred.clientId(), cred.clientSecret());
        assertThat(exact.status()).as(exact.body()).isEqualTo(401);
        assertThat(exact.message()).containsIgnoringCase("temporarily locked");
        for (String variant : List.of(upper, padded)) {
            Api.Response r = login(variant, cred.clientSecret());
            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.message()).containsIgnoringCase("temporarily locked");
        }
    }

    @Test
    void theLockoutThresholdCanBeRaisedWithPatch() {
        Cred cred = machine("member", Map.of());
        Api.Response patched = api.patch(uaPath(cred.identityId()), admin.token(), Map.of("lockoutThreshold", 5));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/identityUniversalAuth/lockoutThreshold").asInt())
                .isEqualTo(5);

        for (int i = 0; i < 4; i++) login(cred.clientId(), "wrong-" + i);
        assertThat(login(cred.clientId(), cred.clientSecret()).status())
                .as("4 failures under threshold 5")
                .isEqualTo(200);

        for (int i = 0; i < 5; i++) login(cred.clientId(), "wrong-" + i);
        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).containsIgnoringCase("temporarily locked");
    }

    @Test
    void withLockoutDisabledManyFailuresDoNotLock() {
        Cred cred = machine("member", Map.of());
        Api.Response patched = api.patch(uaPath(cred.identityId()), admin.token(), Map.of("lockoutEnabled", false));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/identityUniversalAuth/lockoutEnabled").asBoolean())
                .isFalse();

        for (int i = 0; i < 10; i++)
            assertThat(login(cred.clientId(), "wrong-" + i).status()).isEqualTo(401);

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void failuresWhileLockoutIsOffAreNotHeldAgainstTheIdentityOnceItIsBackOn() {
        Cred cred = machine("member", Map.of("lockoutEnabled", false));
        for (int i = 0; i < 3; i++)
            assertThat(login(cred.clientId(), "wrong-" + i).status()).isEqualTo(401);

        Api.Response enabled = api.patch(uaPath(cred.identityId()), admin.token(), Map.of("lockoutEnabled", true));
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aLockoutThresholdOutsideItsRangeIsAValidationError() {
        Cred cred = machine("member", Map.of());
        Api.Response r = api.patch(uaPath(cred.identityId()), admin.token(), Map.of("lockoutThreshold", 0));

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.message()).contains("lockoutThreshold");
    }

    @Test
    void concurrentWrongGuessesStillLockTheIdentity() throws Exception {
        Cred cred = machine("member", Map.of());

        List<Api.Response> results = concurrently(12, () -> login(cred.clientId(), "wrong-" + UUID.randomUUID()));
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isIn(401, 429));

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status())
                .as("12 parallel wrong guesses must lock (threshold 3): %s", r.body())
                .isEqualTo(401);
        assertThat(r.message()).containsIgnoringCase("temporarily locked");
    }
}
