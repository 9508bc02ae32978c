package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Universal auth end to end over real HTTP: login and its token response, lockout, client secrets
 * (TTL, use limit, revocation, HMAC at rest), access token TTL, renewal, revocation, use limits,
 * trusted IPs, malformed tokens, and identity CRUD with the last-admin rule.
 *
 * <p>One server per class; every test makes its own identities so tests do not interfere. Tests that
 * change organization-wide state start a server of their own. The server's time is a {@link TestClock}:
 * tests about TTLs move it and check the exact millisecond a token or secret stops working; the clock
 * only moves forward, by seconds, so the other tests' identities and tokens are unaffected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UniversalAuthSuite {

    abstract Backend backend();

    private static final String LOGIN = "/api/v1/auth/universal-auth/login";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final TestClock clock = new TestClock();
    private TestServer server;
    private Api api;
    private Fixtures fixtures;
    private Fixtures.Admin admin;

    @BeforeAll
    void startServer() {
        server = TestServer.start(backend(), clock);
        api = server.api();
        fixtures = new Fixtures(api);
        admin = fixtures.admin();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

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
        assertThat(probe(cred.identityId(), r.json().path("accessToken").asText()).status()).isEqualTo(200);
    }

    @Test
    void theAccessTokenIsAJwtWhosePayloadNamesTheIdentityAndTheTokenRow() {
        Cred cred = machine("member", Map.of());
        long now = clock.millis();
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();

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
        Api.Response r = api.post(LOGIN + "/", null, Map.of("clientId", cred.clientId(), "clientSecret", cred.clientSecret()));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(probe(cred.identityId(), r.json().path("accessToken").asText()).status()).isEqualTo(200);
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
        assertThat(r.status()).as("two failures after a success must not lock: %s", r.body()).isEqualTo(200);
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
        assertThat(patched.json().at("/identityUniversalAuth/lockoutThreshold").asInt()).isEqualTo(5);

        for (int i = 0; i < 4; i++) login(cred.clientId(), "wrong-" + i);
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).as("4 failures under threshold 5").isEqualTo(200);

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
        assertThat(patched.json().at("/identityUniversalAuth/lockoutEnabled").asBoolean()).isFalse();

        for (int i = 0; i < 10; i++) assertThat(login(cred.clientId(), "wrong-" + i).status()).isEqualTo(401);

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void failuresWhileLockoutIsOffAreNotHeldAgainstTheIdentityOnceItIsBackOn() {
        Cred cred = machine("member", Map.of("lockoutEnabled", false));
        for (int i = 0; i < 3; i++) assertThat(login(cred.clientId(), "wrong-" + i).status()).isEqualTo(401);

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

    // ---------------------------------------------------------------- client secrets

    @Test
    void aClientSecretWorksUntilItsTtlAndIsRefusedWithAMessageAboutExpiryFromThen() {
        Cred cred = machine("member", Map.of());
        Secret s = clientSecret(cred.identityId(), Map.of("description", "short", "ttl", 1));
        clock.advance(Duration.ofMillis(999));
        assertThat(login(cred.clientId(), s.secret()).status()).as("1 ms before its 1 s TTL").isEqualTo(200);

        clock.advance(Duration.ofMillis(1));
        Api.Response r = login(cred.clientId(), s.secret());
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.message()).containsIgnoringCase("expired");
        assertThat(api.get(uaPath(cred.identityId()) + "/client-secrets/" + s.id(), admin.token()).json()
                .at("/clientSecretData/isClientSecretRevoked").asBoolean()).as("an expired secret is revoked").isTrue();
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).as("the other secret still works").isEqualTo(200);
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
        assertThat(ok).as("successful logins with a one-use secret: %s", results).isEqualTo(1);
        Api.Response data = api.get(uaPath(cred.identityId()) + "/client-secrets/" + s.id(), admin.token());
        assertThat(data.json().at("/clientSecretData/clientSecretNumUses").asLong()).isEqualTo(1);
    }

    @Test
    void concurrentWrongGuessesStillLockTheIdentity() throws Exception {
        Cred cred = machine("member", Map.of());

        List<Api.Response> results = concurrently(12, () -> login(cred.clientId(), "wrong-" + UUID.randomUUID()));
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isIn(401, 429));
        // each guess is judged after the previous one was counted: three are checked, the rest find it locked
        long judged = results.stream().filter(r -> r.status() == 401 && !r.message().contains("locked")).count();
        assertThat(judged).as("guesses checked against the secret: %s", results).isLessThanOrEqualTo(3);

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as("12 parallel wrong guesses must lock (threshold 3): %s", r.body()).isEqualTo(401);
        assertThat(r.message()).containsIgnoringCase("temporarily locked");
    }

    @Test
    void aRevokedClientSecretNoLongerLogsIn() {
        Cred cred = machine("member", Map.of());
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(200);

        Api.Response revoke = api.post(uaPath(cred.identityId()) + "/client-secrets/" + cred.clientSecretId() + "/revoke",
                admin.token(), Map.of());
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
        assertThat(revoke.json().at("/clientSecretData/isClientSecretRevoked").asBoolean()).isTrue();

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as(r.body()).isEqualTo(401);
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
                assertThat(item.path("clientSecretPrefix").asText()).isEqualTo(kept.secret().substring(0, 4));
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
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) assertColumnsDoNotContain(rs, table, secrets);
                }
            }
        }
    }

    // ---------------------------------------------------------------- access token TTL, renewal, revocation

    @Test
    void anAccessTokenWorksUntilItsTtlAndIs401FromTheMillisecondItEnds() {
        Cred cred = machine("member", Map.of("accessTokenTTL", 1, "accessTokenMaxTTL", 3));
        Api.Response login = login(cred.clientId(), cred.clientSecret());
        assertThat(login.json().path("expiresIn").asLong()).isEqualTo(1);
        assertThat(login.json().path("accessTokenMaxTTL").asLong()).isEqualTo(3);
        String token = login.json().path("accessToken").asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);

        clock.advance(Duration.ofMillis(999));
        assertThat(probe(cred.identityId(), token).status()).as("1 ms before its 1 s TTL").isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        Api.Response r = probe(cred.identityId(), token);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("UnauthorizedError");
        assertThat(r.message()).containsIgnoringCase("expired");
    }

    @Test
    void patchedTtlsApplyToTokensFromTheNextLogin() {
        Cred cred = machine("member", Map.of());
        Api.Response patched = api.patch(uaPath(cred.identityId()), admin.token(),
                Map.of("accessTokenTTL", 1, "accessTokenMaxTTL", 3));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/identityUniversalAuth/accessTokenTTL").asLong()).isEqualTo(1);

        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        clock.advance(Duration.ofMillis(999));
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(401);
    }

    @Test
    void renewingBeforeExpiryExtendsTheTokenByItsTtlFromTheRenewal() {
        Cred cred = machine("member", Map.of("accessTokenTTL", 2, "accessTokenMaxTTL", 10));
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        clock.advance(Duration.ofMillis(1200));

        Api.Response renewed = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.json().path("accessToken").asText()).isEqualTo(token);
        assertThat(renewed.json().path("expiresIn").asLong()).isEqualTo(2);
        assertThat(renewed.json().path("accessTokenMaxTTL").asLong()).isEqualTo(10);
        assertThat(renewed.json().path("tokenType").asText()).isEqualTo("Bearer");

        clock.advance(Duration.ofMillis(1999)); // 3.199 s after login: past the first TTL, 1 ms inside the renewed one
        Api.Response r = probe(cred.identityId(), token);
        assertThat(r.status()).as("renewed token after its first TTL: %s", r.body()).isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        assertThat(probe(cred.identityId(), token).status()).as("2 s after the renewal").isEqualTo(401);
    }

    @Test
    void renewalsKeepATokenAliveUntilExactlyItsMaxTtlAndFromThenRenewalIs401NamingTheMaxTtl() {
        Cred cred = machine("member", Map.of("accessTokenTTL", 1, "accessTokenMaxTTL", 3));
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        // renewed every 0.9 s, the token lives for its whole max TTL of 3 s, not a moment less
        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofMillis(900));
            Api.Response renewed = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
            assertThat(renewed.status()).as("renewal %d: %s", i, renewed.body()).isEqualTo(200);
            assertThat(renewed.json().path("expiresIn").asLong()).isEqualTo(1);
        }
        clock.advance(Duration.ofMillis(299)); // 2.999 s after login
        assertThat(probe(cred.identityId(), token).status()).as("1 ms before the max TTL").isEqualTo(200);
        Api.Response lastSecond = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(lastSecond.status()).as(lastSecond.body()).isEqualTo(200);
        assertThat(lastSecond.json().path("expiresIn").asLong()).as("1 ms left rounds up, never to 0").isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        Api.Response last = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(last.status()).as(last.body()).isEqualTo(401);
        assertThat(last.json().path("error").asText()).isEqualTo("UnauthorizedError");
        assertThat(last.message()).containsIgnoringCase("max TTL");
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutMaxTtlCanBeRenewedForAsLongAsItIsRenewedInTime() {
        Cred cred = machine("member", Map.of("accessTokenTTL", 2, "accessTokenMaxTTL", 0));
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        // ten renewals, each 1 ms before the TTL ends: about 20 s, ten times the first TTL
        for (int i = 1; i <= 10; i++) {
            clock.advance(Duration.ofMillis(1999));
            Api.Response renewed = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
            assertThat(renewed.status()).as("renewal %d: %s", i, renewed.body()).isEqualTo(200);
            assertThat(renewed.json().path("expiresIn").asLong()).isEqualTo(2);
        }
        clock.advance(Duration.ofMillis(1999));
        Api.Response r = probe(cred.identityId(), token);
        assertThat(r.status()).as("max TTL 0 means no max; the renewal must count: %s", r.body()).isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        assertThat(probe(cred.identityId(), token).status()).as("not renewed for 2 s").isEqualTo(401);
    }

    @Test
    void anAccessTokenTtlAboveTheMaxTtlIsAValidationError() {
        String id = identity("member");
        Api.Response attach = api.post(uaPath(id), admin.token(), Map.of("accessTokenTTL", 100, "accessTokenMaxTTL", 10));
        assertThat(attach.status()).as(attach.body()).isEqualTo(422);
        assertThat(attach.json().path("error").asText()).isEqualTo("ValidationFailure");
        assertThat(attach.message()).contains("Max TTL");
        assertThat(api.get(uaPath(id), admin.token()).status()).as("nothing attached").isEqualTo(404);

        Cred cred = machine("member", Map.of());
        Api.Response patch = api.patch(uaPath(cred.identityId()), admin.token(), Map.of("accessTokenMaxTTL", 10));
        assertThat(patch.status()).as("default TTL 2592000 > max 10: %s", patch.body()).isEqualTo(422);
    }

    @Test
    void aRevokedTokenIs401OnTheVeryNextRequest() {
        Cred cred = machine("member", Map.of());
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200); // now cached on this node

        Api.Response revoke = api.post("/api/v1/auth/token/revoke", null, Map.of("accessToken", token));
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
        assertThat(revoke.message()).isNotBlank();

        Api.Response r = probe(cred.identityId(), token);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.message()).containsIgnoringCase("revoked");
        Api.Response renew = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(renew.status()).as("a revoked token cannot be renewed: %s", renew.body()).isEqualTo(401);
    }

    @Test
    void revokingOneTokenLeavesTheIdentitysOtherTokensWorking() {
        Cred cred = machine("member", Map.of());
        String first = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        String second = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();

        api.post("/api/v1/auth/token/revoke", null, Map.of("accessToken", first));

        assertThat(probe(cred.identityId(), first).status()).isEqualTo(401);
        assertThat(probe(cred.identityId(), second).status()).isEqualTo(200);
    }

    @Test
    void removingUniversalAuthRevokesItsTokensAtOnce() {
        Cred cred = machine("member", Map.of());
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);

        Api.Response removed = api.delete(uaPath(cred.identityId()), admin.token(), Map.of());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);

        assertThat(probe(cred.identityId(), token).status()).isEqualTo(401);
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(401);
    }

    @Test
    void aTokenWithUseLimitTwoServesTwoRequestsAndThenIs401() {
        Cred cred = machine("member", Map.of("accessTokenNumUsesLimit", 2));
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();

        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        Api.Response third = probe(cred.identityId(), token);
        assertThat(third.status()).as(third.body()).isEqualTo(401);
        assertThat(third.message()).containsIgnoringCase("limit");
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- trusted IPs

    @Test
    void aLoginFromOutsideTheClientSecretTrustedIpsIs403NamingTheAddress() {
        Cred cred = machine("member", Map.of("clientSecretTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"))));

        Api.Response r = login(cred.clientId(), cred.clientSecret());
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.message()).contains("127.0.0.1");
        assertThat(r.body()).doesNotContain("accessToken\"");

        Api.Response widened = api.patch(uaPath(cred.identityId()), admin.token(),
                Map.of("clientSecretTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"), Map.of("ipAddress", "127.0.0.1/32"))));
        assertThat(widened.status()).as(widened.body()).isEqualTo(200);
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(200);
    }

    @Test
    void aTokenUsedFromOutsideItsTrustedIpsIs403NamingTheAddress() {
        Cred cred = machine("member", Map.of("accessTokenTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"))));
        Api.Response login = login(cred.clientId(), cred.clientSecret());
        assertThat(login.status()).as("login itself is not restricted: %s", login.body()).isEqualTo(200);

        Api.Response r = probe(cred.identityId(), login.json().path("accessToken").asText());
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.message()).contains("127.0.0.1");
    }

    @Test
    void aTokenFromInsideItsTrustedIpsWorks() {
        Cred cred = machine("member", Map.of("accessTokenTrustedIps", List.of(Map.of("ipAddress", "127.0.0.0/8"))));
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();

        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        Api.Response ua = api.get(uaPath(cred.identityId()), admin.token());
        assertThat(ua.json().at("/identityUniversalAuth/accessTokenTrustedIps/0/ipAddress").asText()).isEqualTo("127.0.0.0");
        assertThat(ua.json().at("/identityUniversalAuth/accessTokenTrustedIps/0/prefix").asInt()).isEqualTo(8);
    }

    @Test
    void anInvalidCidrInTrustedIpsIsABadRequestAndChangesNothing() {
        Cred cred = machine("member", Map.of());
        for (String bad : List.of("10.0.0.0/33", "not-an-ip", "300.1.1.1", "::/129", "example.com")) {
            Api.Response r = api.patch(uaPath(cred.identityId()), admin.token(),
                    Map.of("clientSecretTrustedIps", List.of(Map.of("ipAddress", bad))));
            assertThat(r.status()).as("%s → %s", bad, r.body()).isEqualTo(400);
            assertThat(r.json().path("error").asText()).isEqualTo("BadRequest");
        }
        String id = identity("member");
        Api.Response attach = api.post(uaPath(id), admin.token(),
                Map.of("accessTokenTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/99"))));
        assertThat(attach.status()).as(attach.body()).isEqualTo(400);
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).as("still open to all").isEqualTo(200);
    }

    // ---------------------------------------------------------------- malformed and foreign tokens

    @Test
    void malformedForeignAndMissingCredentialsAreAll401InTheErrorFormat() throws Exception {
        Cred cred = machine("member", Map.of());
        String real = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        JsonNode claims = payload(real);
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .claim("identityId", cred.identityId())
                .claim("identityAccessTokenId", claims.path("identityAccessTokenId").asText())
                .claim("authTokenType", "identityAccessToken")
                .issueTime(new Date(clock.millis()))
                .expirationTime(new Date(clock.millis() + 3_600_000))
                .build());
        forged.sign(new MACSigner(otherKey));
        String unsigned = new PlainJWT(new PlainHeader(), JWTClaimsSet.parse(Map.of(
                "identityId", cred.identityId(),
                "identityAccessTokenId", claims.path("identityAccessTokenId").asText(),
                "authTokenType", "identityAccessToken"))).serialize();
        String[] parts = real.split("\\.");
        String tamperedPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"identityId\":\"" + admin.identityId() + "\",\"identityAccessTokenId\":\""
                        + claims.path("identityAccessTokenId").asText() + "\",\"authTokenType\":\"identityAccessToken\"}")
                        .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("garbage", Map.of("Authorization", "Bearer abc"));
        cases.put("signed with another key", Map.of("Authorization", "Bearer " + forged.serialize()));
        cases.put("alg none", Map.of("Authorization", "Bearer " + unsigned));
        cases.put("payload swapped", Map.of("Authorization", "Bearer " + tamperedPayload));
        cases.put("basic scheme", Map.of("Authorization", "Basic xyz"));
        cases.put("empty bearer", Map.of("Authorization", "Bearer "));
        cases.put("no header", Map.of());
        for (var e : cases.entrySet()) {
            Api.Response r = api.send("GET", "/api/v1/identities/" + cred.identityId(), null, null, e.getValue());
            assertThat(r.status()).as("%s: %s", e.getKey(), r.body()).isEqualTo(401);
            assertThat(r.json().path("reqId").asText()).as(e.getKey()).startsWith("req-");
            assertThat(r.json().path("statusCode").asInt()).as(e.getKey()).isEqualTo(401);
            assertThat(r.json().path("message").asText()).as(e.getKey()).isNotBlank();
            assertThat(r.json().path("error").asText()).as(e.getKey()).isEqualTo("UnauthorizedError");
            assertThat(r.body()).as(e.getKey()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(probe(cred.identityId(), real).status()).as("the real token still works").isEqualTo(200);
    }

    @Test
    void aTokenWhoseIdentityWasDeletedIs401() {
        Cred cred = machine("member", Map.of());
        String token = login(cred.clientId(), cred.clientSecret()).json().path("accessToken").asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);

        Api.Response deleted = api.delete("/api/v1/identities/" + cred.identityId(), admin.token(), Map.of());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        Api.Response r = api.get("/api/v1/projects", token);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("UnauthorizedError");
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- identity CRUD

    @Test
    void anOrgAdminCreatesReadsListsRenamesAndDeletesAnIdentity() {
        String name = "crud-" + SEQ.incrementAndGet();
        Api.Response created = api.post("/api/v1/identities", admin.token(),
                Map.of("name", name, "organizationId", admin.orgId(), "role", "member"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().at("/identity/id").asText();
        assertThat(created.json().at("/identity/name").asText()).isEqualTo(name);
        assertThat(created.json().at("/identity/orgId").asText()).isEqualTo(admin.orgId());

        Api.Response got = api.get("/api/v1/identities/" + id, admin.token());
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.json().at("/identity/role").asText()).isEqualTo("member");
        assertThat(got.json().at("/identity/identity/name").asText()).isEqualTo(name);

        Api.Response list = api.get("/api/v1/identities?orgId=" + admin.orgId(), admin.token());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().path("identities").findValuesAsText("identityId")).contains(id, admin.identityId());

        Api.Response patched = api.patch("/api/v1/identities/" + id, admin.token(), Map.of("name", name + "-renamed", "role", "no-access"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/identity/name").asText()).isEqualTo(name + "-renamed");
        Api.Response after = api.get("/api/v1/identities/" + id, admin.token());
        assertThat(after.json().at("/identity/role").asText()).isEqualTo("no-access");
        assertThat(after.json().at("/identity/identity/name").asText()).isEqualTo(name + "-renamed");

        Api.Response deleted = api.delete("/api/v1/identities/" + id, admin.token(), Map.of());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/identities/" + id, admin.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), admin.token()).json().path("identities")
                .findValuesAsText("identityId")).doesNotContain(id);
    }

    @Test
    void onlyAnOrgAdminCanCreateListChangeOrDeleteIdentities() {
        Cred member = machine("member", Map.of());
        String token = login(member.clientId(), member.clientSecret()).json().path("accessToken").asText();
        String other = identity("no-access");

        Api.Response create = api.post("/api/v1/identities", token,
                Map.of("name", "sneaky", "organizationId", admin.orgId(), "role", "admin"));
        assertThat(create.status()).as(create.body()).isEqualTo(403);
        assertThat(create.json().path("error").asText()).isEqualTo("PermissionDenied");
        assertThat(create.message()).contains(member.identityId()).contains("'member'");

        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), token).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/identities/" + other, token).status()).isEqualTo(403);
        assertThat(api.patch("/api/v1/identities/" + other, token, Map.of("name", "x")).status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/identities/" + other, token, Map.of()).status()).isEqualTo(403);
        assertThat(api.post(uaPath(other), token, Map.of()).status()).isEqualTo(403);
        assertThat(api.post(uaPath(member.identityId()) + "/client-secrets", token, Map.of()).status()).isEqualTo(403);

        Api.Response promote = api.patch("/api/v1/identities/" + member.identityId(), token, Map.of("role", "admin"));
        assertThat(promote.status()).as("a member cannot promote itself: %s", promote.body()).isEqualTo(403);
        assertThat(api.get("/api/v1/identities/" + member.identityId(), admin.token()).json().at("/identity/role").asText())
                .isEqualTo("member");
        assertThat(api.get("/api/v1/identities/" + member.identityId(), token).status()).as("it may read itself").isEqualTo(200);
    }

    @Test
    void organizationRoleNamesAreExactAndUnknownOnesAreRefused() {
        for (String role : List.of("Admin", "ADMIN", "owner", "")) {
            Api.Response r = api.post("/api/v1/identities", admin.token(),
                    Map.of("name", "role-" + SEQ.incrementAndGet(), "organizationId", admin.orgId(), "role", role));
            assertThat(r.status()).as("%s → %s", role, r.body()).isEqualTo(400);
        }
        String id = identity("member");
        Api.Response r = api.patch("/api/v1/identities/" + id, admin.token(), Map.of("role", "Admin"));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(api.get("/api/v1/identities/" + id, admin.token()).json().at("/identity/role").asText()).isEqualTo("member");
    }

    @Test
    void anIdentityCannotBeCreatedInAnotherOrganization() {
        Api.Response r = api.post("/api/v1/identities", admin.token(),
                Map.of("name", "elsewhere", "organizationId", "7d4a9a51-3f5e-4f0c-9a44-2b1f0f7e8c11", "role", "member"));
        assertThat(r.status()).as(r.body()).isEqualTo(403);
    }

    @Test
    void demotingAnAdminIdentityTakesEffectOnItsNextRequest() {
        Cred second = machine("admin", Map.of());
        String token = login(second.clientId(), second.clientSecret()).json().path("accessToken").asText();
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), token).status()).isEqualTo(200);

        Api.Response demote = api.patch("/api/v1/identities/" + second.identityId(), admin.token(), Map.of("role", "member"));
        assertThat(demote.status()).as(demote.body()).isEqualTo(200);

        Api.Response r = api.get("/api/v1/identities?orgId=" + admin.orgId(), token);
        assertThat(r.status()).as(r.body()).isEqualTo(403);
    }

    @Test
    void deletingAnAdminThatIsNotTheLastWorks() {
        Cred second = machine("admin", Map.of());
        String token = login(second.clientId(), second.clientSecret()).json().path("accessToken").asText();

        Api.Response r = api.delete("/api/v1/identities/" + second.identityId(), admin.token(), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), token).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), admin.token()).status()).isEqualTo(200);
    }

    /**
     * The bootstrap makes one admin user and one admin identity, and countOrgAdmins counts both, so
     * through the API alone the last admin identity can always be removed while the user remains.
     * Here the user's admin membership is removed directly, leaving one admin identity: it must not be
     * demoted or deleted.
     */
    @Test
    void theLastOrgAdminCannotBeDemotedOrDeleted() throws Exception {
        try (TestServer own = TestServer.start(backend())) {
            Api ownApi = own.api();
            Fixtures.Admin boss = new Fixtures(ownApi).admin();
            // a second admin identity can be removed while others remain
            Api.Response helper = ownApi.post("/api/v1/identities", boss.token(),
                    Map.of("name", "helper", "organizationId", boss.orgId(), "role", "admin"));
            String helperId = helper.json().at("/identity/id").asText();
            assertThat(ownApi.delete("/api/v1/identities/" + helperId, boss.token(), Map.of()).status()).isEqualTo(200);

            try (Connection c = jdbc(own); Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("DELETE FROM org_memberships WHERE role = 'admin'")).isEqualTo(1);
            }

            Api.Response demote = ownApi.patch("/api/v1/identities/" + boss.identityId(), boss.token(), Map.of("role", "member"));
            assertThat(demote.status()).as(demote.body()).isEqualTo(400);
            assertThat(demote.message()).containsIgnoringCase("last admin");
            Api.Response delete = ownApi.delete("/api/v1/identities/" + boss.identityId(), boss.token(), Map.of());
            assertThat(delete.status()).as(delete.body()).isEqualTo(400);
            assertThat(delete.message()).containsIgnoringCase("last admin");

            Api.Response still = ownApi.get("/api/v1/identities/" + boss.identityId(), boss.token());
            assertThat(still.status()).isEqualTo(200);
            assertThat(still.json().at("/identity/role").asText()).isEqualTo("admin");
            // renaming the last admin is fine; only its role is protected
            assertThat(ownApi.patch("/api/v1/identities/" + boss.identityId(), boss.token(), Map.of("name", "root")).status())
                    .isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- helpers

    private record Cred(String identityId, String clientId, String clientSecret, String clientSecretId) {}

    private record Secret(String id, String secret) {}

    private static String uaPath(String identityId) {
        return "/api/v1/auth/universal-auth/identities/" + identityId;
    }

    private String identity(String orgRole) {
        Api.Response r = api.post("/api/v1/identities", admin.token(),
                Map.of("name", "ua-" + SEQ.incrementAndGet(), "organizationId", admin.orgId(), "role", orgRole));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/identity/id").asText();
    }

    /** An identity with universal auth attached with {@code settings} and one client secret. */
    private Cred machine(String orgRole, Map<String, Object> settings) {
        String id = identity(orgRole);
        Api.Response ua = api.post(uaPath(id), admin.token(), settings);
        assertThat(ua.status()).as(ua.body()).isEqualTo(200);
        String clientId = ua.json().at("/identityUniversalAuth/clientId").asText();
        Secret s = clientSecret(id, Map.of("description", "test"));
        return new Cred(id, clientId, s.secret(), s.id());
    }

    private Secret clientSecret(String identityId, Map<String, Object> body) {
        Api.Response r = api.post(uaPath(identityId) + "/client-secrets", admin.token(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new Secret(r.json().at("/clientSecretData/id").asText(), r.json().path("clientSecret").asText());
    }

    private Api.Response login(String clientId, String clientSecret) {
        Map<String, Object> body = new HashMap<>();
        body.put("clientId", clientId);
        body.put("clientSecret", clientSecret);
        return api.post(LOGIN, null, body);
    }

    /** Runs {@code n} copies of {@code call} at once (released together by a barrier). */
    private static List<Api.Response> concurrently(int n, Callable<Api.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return call.call();
                }));
            }
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) out.add(f.get(60, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** An authenticated request any identity may make: reading itself. */
    private Api.Response probe(String identityId, String token) {
        return api.get("/api/v1/identities/" + identityId, token);
    }

    private static JsonNode payload(String jwt) {
        return json(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Api.JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    private Connection jdbc() throws SQLException {
        return jdbc(server);
    }

    private static Connection jdbc(TestServer s) throws SQLException {
        Properties p = new Properties();
        if (s.backend() == Backend.POSTGRES) p.setProperty("user", "postgres");
        return DriverManager.getConnection(s.directJdbcUrl(), p);
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
    private static void assertColumnsDoNotContain(ResultSet rs, String table, List<String> secrets) throws SQLException {
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
