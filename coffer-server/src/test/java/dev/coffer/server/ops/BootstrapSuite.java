package dev.coffer.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bootstrap's admin token and how to get a new one: the token expires (a day by default, or the
 * lifetime asked for within bounds), and the bootstrap user's email and password mint a fresh one for
 * the organization's first admin identity. Each test sets up a new instance on a clock it moves.
 */
abstract class BootstrapSuite {

    abstract Backend backend();

    static final String BOOTSTRAP = "/api/v1/admin/bootstrap";
    static final String NEW_TOKEN = "/api/v1/admin/bootstrap/token";
    static final String EMAIL = "root@example.com";
    static final String PASSWORD = "a long enough password";

    final TestClock clock = new TestClock();
    TestServer server;
    Api api;

    @BeforeEach
    void start() {
        server = TestServer.start(backend(), clock);
        api = server.api();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Api.Response bootstrap(Long ttl) {
        Map<String, Object> body = new HashMap<>(Map.of("email", EMAIL, "password", PASSWORD, "organization", "Acme"));
        if (ttl != null) body.put("accessTokenTTL", ttl);
        return api.post(BOOTSTRAP, null, body).assertNoInternals("bootstrap");
    }

    Api.Response newToken(String email, String password) {
        return api.post(NEW_TOKEN, null, Map.of("email", email, "password", password))
                .assertNoInternals("new token");
    }

    static String token(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/identity/credentials/token").asText();
    }

    /** An admin-only request: listing the organization's identities. */
    int adminRequest(String token) {
        return api.get("/api/v1/identities", token).status();
    }

    @Test
    void theBootstrapTokenWorksForADayAndNotOneMillisecondLonger() {
        Api.Response r = bootstrap(null);
        String token = token(r);
        assertThat(r.json().at("/identity/credentials/expiresIn").asLong()).isEqualTo(86_400);
        assertThat(r.message()).contains("POST /api/v1/admin/bootstrap/token");

        clock.advance(Duration.ofDays(1).minusMillis(1));
        assertThat(adminRequest(token)).as("1 ms before a day has passed").isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        assertThat(adminRequest(token)).as("a day after bootstrap").isEqualTo(401);
    }

    @Test
    void theBootstrapTokenLivesAsLongAsAskedWithinAMinuteToThirtyDays() {
        String token = token(bootstrap(3_600L));
        clock.advance(Duration.ofHours(1));
        assertThat(adminRequest(token)).isEqualTo(401);
    }

    @Test
    void aTokenLifetimeOutOfBoundsIsA422AndSetsNothingUp() {
        for (long bad : new long[] {0, 59, 2_592_001}) {
            Api.Response r = bootstrap(bad);
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.message()).contains("accessTokenTTL").contains("86400");
        }
        assertThat(adminRequest(token(bootstrap(null)))).isEqualTo(200);
    }

    @Test
    void theBootstrapUserMintsAFreshAdminTokenAfterTheFirstExpired() {
        Api.Response boot = bootstrap(null);
        String first = token(boot);
        clock.advance(Duration.ofDays(2));
        assertThat(adminRequest(first)).isEqualTo(401);

        Api.Response r = newToken(" Root@Example.com ", PASSWORD);
        String fresh = token(r);
        assertThat(r.json().at("/identity/id").asText())
                .isEqualTo(boot.json().at("/identity/id").asText());
        assertThat(r.json().at("/identity/credentials/expiresIn").asLong()).isEqualTo(86_400);
        assertThat(adminRequest(fresh)).isEqualTo(200);
        clock.advance(Duration.ofDays(1));
        assertThat(adminRequest(fresh)).as("the new token expires too").isEqualTo(401);
    }

    @Test
    void whenTheBootstrapIdentityIsGoneTheOrganizationsNextAdminIdentityGetsTheToken() {
        String boot = token(bootstrap(null));
        Api.Response orgs = api.get("/api/v1/identities", boot);
        String orgId = orgs.json().at("/identities/0/orgId").asText();
        String bootId = orgs.json().at("/identities/0/identityId").asText();
        clock.advance(Duration.ofMillis(1));
        Api.Response second = api.post(
                "/api/v1/identities", boot, Map.of("name", "second", "organizationId", orgId, "role", "admin"));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(api.delete("/api/v1/identities/" + bootId, boot, Map.of()).status())
                .isEqualTo(200);

        Api.Response r = newToken(EMAIL, PASSWORD);
        assertThat(r.json().at("/identity/id").asText())
                .isEqualTo(second.json().at("/identity/id").asText());
        assertThat(adminRequest(token(r))).isEqualTo(200);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSame401() {
        bootstrap(null);
        Api.Response wrong = newToken(EMAIL, "not the password");
        Api.Response unknown = newToken("nobody@example.com", PASSWORD);

        assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
        assertThat(withoutRequestId(unknown.body())).isEqualTo(withoutRequestId(wrong.body()));
        assertThat(wrong.body()).doesNotContain("not the password");
    }

    @Test
    void beforeBootstrapThereIsNoUserAndNoTokenToMint() {
        Api.Response r = newToken(EMAIL, PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
    }

    @Test
    void afterTenFailuresFromOneAddressEvenTheCorrectPasswordIsRefusedWith429() {
        bootstrap(null);
        for (int i = 0; i < BootstrapService.MAX_FAILURES_PER_IP_PER_MINUTE; i++) {
            assertThat(newToken(EMAIL, "guess-" + i).status()).isEqualTo(401);
        }
        Api.Response r = newToken(EMAIL, PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isNotNull();
    }

    static String withoutRequestId(String body) {
        return body.replaceFirst("\"reqId\":\"[^\"]*\"", "\"reqId\":\"\"");
    }
}
