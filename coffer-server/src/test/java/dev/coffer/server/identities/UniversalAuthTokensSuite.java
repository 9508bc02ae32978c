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
import dev.coffer.server.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Access tokens end to end over real HTTP: TTL to the millisecond, renewal up to exactly the max TTL,
 * revocation, use limits, and malformed, forged, foreign or orphaned tokens. Tests about TTLs move the
 * suite's {@link TestClock}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UniversalAuthTokensSuite extends UniversalAuthHarness {

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
        assertThat(probe(cred.identityId(), token).status())
                .as("1 ms before its 1 s TTL")
                .isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        Api.Response r = probe(cred.identityId(), token);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("UnauthorizedError");
        assertThat(r.message()).containsIgnoringCase("expired");
    }

    @Test
    void patchedTtlsApplyToTokensFromTheNextLogin() {
        Cred cred = machine("member", Map.of());
        Api.Response patched = api.patch(
                uaPath(cred.identityId()), admin.token(), Map.of("accessTokenTTL", 1, "accessTokenMaxTTL", 3));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/identityUniversalAuth/accessTokenTTL").asLong())
                .isEqualTo(1);

        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        clock.advance(Duration.ofMillis(999));
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(401);
    }

    @Test
    void renewingBeforeExpiryExtendsTheTokenByItsTtlFromTheRenewal() {
        Cred cred = machine("member", Map.of("accessTokenTTL", 2, "accessTokenMaxTTL", 10));
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        clock.advance(Duration.ofMillis(1200));

        Api.Response renewed = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.json().path("accessToken").asText()).isEqualTo(token);
        assertThat(renewed.json().path("expiresIn").asLong()).isEqualTo(2);
        assertThat(renewed.json().path("accessTokenMaxTTL").asLong()).isEqualTo(10);
        assertThat(renewed.json().path("tokenType").asText()).isEqualTo("Bearer");

        clock.advance(Duration.ofMillis(1999)); // 3.199 s after login: past the first TTL, 1 ms inside the renewed one
        Api.Response r = probe(cred.identityId(), token);
        assertThat(r.status())
                .as("renewed token after its first TTL: %s", r.body())
                .isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        assertThat(probe(cred.identityId(), token).status())
                .as("2 s after the renewal")
                .isEqualTo(401);
    }

    @Test
    void renewalsKeepATokenAliveUntilExactlyItsMaxTtlAndFromThenRenewalIs401NamingTheMaxTtl() {
        Cred cred = machine("member", Map.of("accessTokenTTL", 1, "accessTokenMaxTTL", 3));
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        // renewed every 0.9 s, the token lives for its whole max TTL of 3 s, not a moment less
        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofMillis(900));
            Api.Response renewed = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
            assertThat(renewed.status()).as("renewal %d: %s", i, renewed.body()).isEqualTo(200);
            assertThat(renewed.json().path("expiresIn").asLong()).isEqualTo(1);
        }
        clock.advance(Duration.ofMillis(299)); // 2.999 s after login
        assertThat(probe(cred.identityId(), token).status())
                .as("1 ms before the max TTL")
                .isEqualTo(200);
        Api.Response lastSecond = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(lastSecond.status()).as(lastSecond.body()).isEqualTo(200);
        assertThat(lastSecond.json().path("expiresIn").asLong())
                .as("1 ms left rounds up, never to 0")
                .isEqualTo(1);

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
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        // ten renewals, each 1 ms before the TTL ends: about 20 s, ten times the first TTL
        for (int i = 1; i <= 10; i++) {
            clock.advance(Duration.ofMillis(1999));
            Api.Response renewed = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
            assertThat(renewed.status()).as("renewal %d: %s", i, renewed.body()).isEqualTo(200);
            assertThat(renewed.json().path("expiresIn").asLong()).isEqualTo(2);
        }
        clock.advance(Duration.ofMillis(1999));
        Api.Response r = probe(cred.identityId(), token);
        assertThat(r.status())
                .as("max TTL 0 means no max; the renewal must count: %s", r.body())
                .isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        assertThat(probe(cred.identityId(), token).status())
                .as("not renewed for 2 s")
                .isEqualTo(401);
    }

    @Test
    void anAccessTokenTtlAboveTheMaxTtlIsAValidationError() {
        String id = identity("member");
        Api.Response attach =
                api.post(uaPath(id), admin.token(), Map.of("accessTokenTTL", 100, "accessTokenMaxTTL", 10));
        assertThat(attach.status()).as(attach.body()).isEqualTo(422);
        assertThat(attach.json().path("error").asText()).isEqualTo("ValidationFailure");
        assertThat(attach.message()).contains("Max TTL");
        assertThat(api.get(uaPath(id), admin.token()).status())
                .as("nothing attached")
                .isEqualTo(404);

        Cred cred = machine("member", Map.of());
        Api.Response patch = api.patch(uaPath(cred.identityId()), admin.token(), Map.of("accessTokenMaxTTL", 10));
        assertThat(patch.status())
                .as("default TTL 2592000 > max 10: %s", patch.body())
                .isEqualTo(422);
    }

    @Test
    void aRevokedTokenIs401OnTheVeryNextRequest() {
        Cred cred = machine("member", Map.of());
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200); // now cached on this node

        Api.Response revoke = api.post("/api/v1/auth/token/revoke", null, Map.of("accessToken", token));
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
        assertThat(revoke.message()).isNotBlank();

        Api.Response r = probe(cred.identityId(), token);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.message()).containsIgnoringCase("revoked");
        Api.Response renew = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(renew.status())
                .as("a revoked token cannot be renewed: %s", renew.body())
                .isEqualTo(401);
    }

    @Test
    void revokingOneTokenLeavesTheIdentitysOtherTokensWorking() {
        Cred cred = machine("member", Map.of());
        String first = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        String second = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();

        api.post("/api/v1/auth/token/revoke", null, Map.of("accessToken", first));

        assertThat(probe(cred.identityId(), first).status()).isEqualTo(401);
        assertThat(probe(cred.identityId(), second).status()).isEqualTo(200);
    }

    @Test
    void removingUniversalAuthRevokesItsTokensAtOnce() {
        Cred cred = machine("member", Map.of());
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);

        Api.Response removed = api.delete(uaPath(cred.identityId()), admin.token(), Map.of());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);

        assertThat(probe(cred.identityId(), token).status()).isEqualTo(401);
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(401);
    }

    @Test
    void aTokenWithUseLimitTwoServesTwoRequestsAndThenIs401() {
        Cred cred = machine("member", Map.of("accessTokenNumUsesLimit", 2));
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();

        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);
        Api.Response third = probe(cred.identityId(), token);
        assertThat(third.status()).as(third.body()).isEqualTo(401);
        assertThat(third.message()).containsIgnoringCase("limit");
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(401);
    }

    @Test
    void aTokenWhoseUsesAreSpentCannotBeRenewedEither() {
        Cred cred = machine("member", Map.of("accessTokenNumUsesLimit", 1));
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);

        Api.Response renewed = api.post("/api/v1/auth/token/renew", null, Map.of("accessToken", token));
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(401);
        assertThat(renewed.message()).containsIgnoringCase("limit");
    }

    // ---------------------------------------------------------------- malformed and foreign tokens

    @Test
    void malformedForeignAndMissingCredentialsAreAll401InTheErrorFormat() throws Exception {
        Cred cred = machine("member", Map.of());
        String real = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        JsonNode claims = payload(real);
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        SignedJWT forged = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .claim("identityId", cred.identityId())
                        .claim(
                                "identityAccessTokenId",
                                claims.path("identityAccessTokenId").asText())
                        .claim("authTokenType", "identityAccessToken")
                        .issueTime(new Date(clock.millis()))
                        .expirationTime(new Date(clock.millis() + 3_600_000))
                        .build());
        forged.sign(new MACSigner(otherKey));
        String unsigned = new PlainJWT(
                        new PlainHeader(),
                        JWTClaimsSet.parse(Map.of(
                                "identityId", cred.identityId(),
                                "identityAccessTokenId",
                                        claims.path("identityAccessTokenId").asText(),
                                "authTokenType", "identityAccessToken")))
                .serialize();
        String[] parts = real.split("\\.");
        String tamperedPayload = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(("{\"identityId\":\"" + admin.identityId() + "\",\"identityAccessTokenId\":\""
                                        + claims.path("identityAccessTokenId").asText()
                                        + "\",\"authTokenType\":\"identityAccessToken\"}")
                                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

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
        assertThat(probe(cred.identityId(), real).status())
                .as("the real token still works")
                .isEqualTo(200);
    }

    @Test
    void aTokenWhoseIdentityWasDeletedIs401() {
        Cred cred = machine("member", Map.of());
        String token = login(cred.clientId(), cred.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        assertThat(probe(cred.identityId(), token).status()).isEqualTo(200);

        Api.Response deleted = api.delete("/api/v1/identities/" + cred.identityId(), admin.token(), Map.of());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        Api.Response r = api.get("/api/v1/projects", token);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isEqualTo("UnauthorizedError");
        assertThat(login(cred.clientId(), cred.clientSecret()).status()).isEqualTo(401);
    }
}
