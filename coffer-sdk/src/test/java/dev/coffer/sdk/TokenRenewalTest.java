package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Token renewal and re-login, seen on the wire through a {@link CountingProxy}. The identity's access
 * tokens live 2 s (max 5 s). The server and every client run on one {@link TestClock}, so both sides
 * agree on the time and nothing sleeps: the test moves the clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRenewalTest {

    private static final String LIST = "/api/v3/secrets/raw";
    private static final String LOGIN = "/api/v1/auth/universal-auth/login";
    private static final String RENEW = "/api/v1/auth/token/renew";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final TestClock clock = new TestClock();
    private TestServer server;
    private Fixtures fixtures;
    private CountingProxy proxy;
    private String project;
    private Scope scope;

    @BeforeAll
    void startServer() {
        server = TestServer.start(Backend.SQLITE, clock);
        fixtures = new Fixtures(server.api());
        fixtures.admin();
        proxy = CountingProxy.to(server.baseUrl());
        project = fixtures.project("renewal");
        fixtures.secret(project, "dev", "/", "RENEWED", "renewed-value");
        scope = Scope.of(project, "dev");
    }

    @AfterAll
    void stopServer() {
        if (proxy != null) proxy.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void clearProxy() {
        proxy.clear();
    }

    /** A member identity whose tokens live {@code ttl} s, at most {@code maxTtl} s; and a fresh client secret. */
    private Fixtures.Machine shortLived(long ttl, long maxTtl) {
        Fixtures.Machine m = fixtures.machine("short-lived-" + SEQ.incrementAndGet(), "no-access");
        fixtures.member(project, m.id(), "viewer");
        Api.Response r = server.api()
                .patch(
                        "/api/v1/auth/universal-auth/identities/" + m.id(),
                        fixtures.admin().token(),
                        Map.of("accessTokenTTL", ttl, "accessTokenMaxTTL", maxTtl));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/identityUniversalAuth/accessTokenTTL").asLong())
                .isEqualTo(ttl);
        return new Fixtures.Machine(m.id(), m.clientId(), fixtures.clientSecret(m.id()), null);
    }

    private CofferClient client(Fixtures.Machine m) {
        return CofferClient.builder()
                .apiUrl(proxy.baseUrl())
                .universalAuth(m.clientId(), m.clientSecret())
                .cacheTtl(Duration.ZERO)
                .clock(clock)
                .build();
    }

    @Test
    void theLoginAnswerCarriesTheShortTtlSetWithPatch() {
        Fixtures.Machine m = shortLived(2, 5);
        Api.Response login =
                server.api().post(LOGIN, null, Map.of("clientId", m.clientId(), "clientSecret", m.clientSecret()));
        assertThat(login.json().get("expiresIn").asLong()).isEqualTo(2);
        assertThat(login.json().get("accessTokenMaxTTL").asLong()).isEqualTo(5);
    }

    @Test
    void aCallNearExpiryRenewsTheTokenInsteadOfLoggingInAgain() {
        Fixtures.Machine m = shortLived(2, 5);
        CofferClient client = client(m);
        assertThat(client.secretMap(scope)).containsEntry("RENEWED", "renewed-value");
        String token = client.accessToken();
        assertThat(proxy.to("POST", LOGIN)).hasSize(1);

        // 1.7 s in: less than a fifth of the 2 s TTL is left, so the next call renews first
        clock.advance(Duration.ofMillis(1_700));
        proxy.clear();
        assertThat(client.secretMap(scope)).containsEntry("RENEWED", "renewed-value");
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(RENEW, LIST);
        assertThat(proxy.to("POST", RENEW))
                .extracting(CountingProxy.Exchange::status)
                .containsExactly(200);
        assertThat(client.accessToken()).isEqualTo(token); // renewal extends the same token

        // well within the renewed TTL nothing but the read goes out
        proxy.clear();
        clock.advance(Duration.ofMillis(500));
        client.secretMap(scope);
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(LIST);
    }

    @Test
    void aTokenPastItsExpiryByTheClientsClockIsReplacedByALoginNotARenewal() {
        Fixtures.Machine m = shortLived(2, 5);
        CofferClient client = client(m);
        client.secretMap(scope);
        clock.advance(Duration.ofSeconds(3));
        proxy.clear();
        assertThat(client.secretMap(scope)).containsEntry("RENEWED", "renewed-value");
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(LOGIN, LIST);
    }

    @Test
    void pastTheMaxTtlTheRenewalIsRefusedAndTheClientLogsInAgainTransparently() {
        Fixtures.Machine m = shortLived(2, 5);
        CofferClient client = client(m);
        client.secretMap(scope);
        String first = client.accessToken();

        // renewed at 1.7 s and 3.4 s: the server answers a full 2 s each time (1.6 s to the max TTL rounds
        // up), so at 5.1 s the client believes 0.3 s is left and renews, past the server's 5 s max TTL
        for (int i = 1; i <= 2; i++) {
            clock.advance(Duration.ofMillis(1_700));
            proxy.clear();
            client.secretMap(scope);
            assertThat(proxy.exchanges())
                    .extracting(CountingProxy.Exchange::path)
                    .as("renewal at %d ms", 1_700 * i)
                    .containsExactly(RENEW, LIST);
            assertThat(client.accessToken()).isEqualTo(first);
        }
        clock.advance(Duration.ofMillis(1_700));
        proxy.clear();
        assertThat(client.secretMap(scope)).containsEntry("RENEWED", "renewed-value");
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(RENEW, LOGIN, LIST);
        assertThat(proxy.to("POST", RENEW))
                .extracting(CountingProxy.Exchange::status)
                .containsExactly(401);
        assertThat(proxy.to("POST", LOGIN))
                .extracting(CountingProxy.Exchange::status)
                .containsExactly(200);
        assertThat(client.accessToken()).isNotEqualTo(first);
    }

    @Test
    void aRenewalNearTheMaxTtlIsBoundedByItAndTheNextReadPastItLogsInWithoutWastingARead() {
        // TTL 1 s, max 2 s: the server rounds the last partial second up, so no renewal answers expiresIn 0
        Fixtures.Machine m = shortLived(1, 2);
        CofferClient client = client(m);
        client.secretMap(scope);
        String first = client.accessToken();

        clock.advance(Duration.ofMillis(850)); // inside the last fifth of the 1 s TTL: renew
        client.secretMap(scope);
        clock.advance(Duration.ofMillis(850)); // renew again at 1.7 s, less than 1 s before the max TTL
        proxy.clear();
        assertThat(client.secretMap(scope)).containsEntry("RENEWED", "renewed-value");
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(RENEW, LIST);
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::status).doesNotContain(401);

        clock.advance(Duration.ofMillis(1_100)); // 2.8 s, past the max TTL: log in again before reading
        proxy.clear();
        assertThat(client.secretMap(scope)).containsEntry("RENEWED", "renewed-value");
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(LOGIN, LIST);
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::status).doesNotContain(401);
        assertThat(client.accessToken()).isNotEqualTo(first);
    }

    @Test
    void aTokenRevokedOnTheServerLeadsToOneReLoginAndTheReadSucceeds() {
        Fixtures.Machine m = shortLived(60, 600);
        CofferClient client = client(m);
        client.secretMap(scope);
        String token = client.accessToken();
        Api.Response revoke = server.api().post("/api/v1/auth/token/revoke", null, Map.of("accessToken", token));
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
        proxy.clear();

        assertThat(client.secretMap(scope)).containsEntry("RENEWED", "renewed-value");
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(LIST, LOGIN, LIST);
        assertThat(proxy.to("GET", LIST).get(0).status()).isEqualTo(401);
        assertThat(proxy.to("GET", LIST).get(1).status()).isIn(200, 304);
        assertThat(client.accessToken()).isNotEqualTo(token);

        // and the new token keeps working without further logins
        proxy.clear();
        client.secretMap(scope);
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(LIST);
    }
}
