package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cached reads, counted on the wire: every request goes through a {@link CountingProxy} that records
 * the server's status codes, and the client's clock is a {@link TestClock}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CachedReadsTest {

    private static final String LIST = "/api/v3/secrets/raw";
    private static final String LOGIN = "/api/v1/auth/universal-auth/login";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestServer server;
    private Fixtures fixtures;
    private CountingProxy proxy;

    private String project;
    private Fixtures.Machine machine;
    private Scope scope;
    private final TestClock clock = new TestClock();

    @BeforeAll
    void startServer() {
        server = TestServer.start(Backend.SQLITE);
        fixtures = new Fixtures(server.api());
        fixtures.admin();
        proxy = CountingProxy.to(server.baseUrl());
    }

    @AfterAll
    void stopServer() {
        if (proxy != null) proxy.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void freshProject() {
        int n = SEQ.incrementAndGet();
        project = fixtures.project("cache-test-" + n);
        machine = fixtures.machine("cache-machine-" + n, "no-access");
        fixtures.member(project, machine.id(), "member");
        fixtures.secret(project, "dev", "/", "ALPHA", "alpha-1");
        fixtures.secret(project, "dev", "/", "BETA", "beta-1");
        scope = Scope.of(project, "dev");
        proxy.clear();
    }

    @AfterEach
    void clearProxy() {
        proxy.clear();
    }

    private CofferClient client(Duration ttl) {
        return CofferClient.builder()
                .apiUrl(proxy.baseUrl())
                .universalAuth(machine.clientId(), machine.clientSecret())
                .cacheTtl(ttl)
                .clock(clock)
                .build();
    }

    /** Changes a secret behind the client's back, as the admin. */
    private void changeOnServer(String key, String value) {
        Api.Response r = server.api()
                .patch(
                        "/api/v3/secrets/raw/" + key,
                        fixtures.admin().token(),
                        Map.of("workspaceId", project, "environment", "dev", "secretPath", "/", "secretValue", value));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aThousandReadsWithinTheTtlMakeNoRequests() {
        CofferClient client = client(Duration.ofSeconds(30));
        Map<String, String> first = client.secretMap(scope);
        assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of("ALPHA", "alpha-1", "BETA", "beta-1"));
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::path).containsExactly(LOGIN, LIST);
        proxy.clear();

        for (int i = 0; i < 1_000; i++) {
            clock.advance(Duration.ofMillis(20)); // 20 s in all: still within the 30 s TTL
            assertThat(client.secretMap(scope)).isEqualTo(first);
            assertThat(client.getSecret(scope, "BETA").valueText()).isEqualTo("beta-1");
        }
        assertThat(proxy.exchanges()).isEmpty();
    }

    @Test
    void afterTheTtlAReadRevalidatesWithIfNoneMatchAndA304KeepsTheSameSecrets() {
        CofferClient client = client(Duration.ofSeconds(30));
        List<Secret> first = client.listSecrets(scope);
        proxy.clear();

        clock.advance(Duration.ofSeconds(31));
        List<Secret> again = client.listSecrets(scope);
        assertThat(again).isSameAs(first);
        assertThat(proxy.exchanges()).hasSize(1);
        CountingProxy.Exchange revalidation = proxy.exchanges().get(0);
        assertThat(revalidation.path()).isEqualTo(LIST);
        assertThat(revalidation.ifNoneMatch()).isNotBlank();
        assertThat(revalidation.status()).isEqualTo(304);

        // the 304 restarted the TTL: the next 29 s are free again
        proxy.clear();
        clock.advance(Duration.ofSeconds(29));
        assertThat(client.listSecrets(scope)).isSameAs(first);
        assertThat(proxy.exchanges()).isEmpty();
    }

    @Test
    void afterAChangeOnTheServerRevalidationReturnsTheNewValueWithA200() {
        CofferClient client = client(Duration.ofSeconds(30));
        assertThat(client.secretMap(scope)).containsEntry("ALPHA", "alpha-1");
        changeOnServer("ALPHA", "alpha-2");
        proxy.clear();

        // within the TTL the client does not know yet
        assertThat(client.secretMap(scope)).containsEntry("ALPHA", "alpha-1");
        assertThat(proxy.exchanges()).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        assertThat(client.secretMap(scope)).containsEntry("ALPHA", "alpha-2").containsEntry("BETA", "beta-1");
        assertThat(proxy.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo(LIST);
            assertThat(e.ifNoneMatch()).isNotBlank();
            assertThat(e.status()).isEqualTo(200);
        });

        // and the new ETag is what the next revalidation sends: 304 again
        proxy.clear();
        clock.advance(Duration.ofSeconds(31));
        assertThat(client.secretMap(scope)).containsEntry("ALPHA", "alpha-2");
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::status).containsExactly(304);
    }

    @Test
    void withATtlOfZeroEveryReadRevalidates() {
        CofferClient client = client(Duration.ZERO);
        for (int i = 0; i < 5; i++) assertThat(client.secretMap(scope)).hasSize(2);
        assertThat(proxy.to("GET", LIST))
                .extracting(CountingProxy.Exchange::status)
                .containsExactly(200, 304, 304, 304, 304);
        assertThat(proxy.to("GET", LIST).get(0).ifNoneMatch()).isNull();
        assertThat(proxy.to("GET", LIST).subList(1, 5))
                .allSatisfy(e -> assertThat(e.ifNoneMatch()).isNotBlank());

        changeOnServer("BETA", "beta-2");
        proxy.clear();
        assertThat(client.secretMap(scope)).containsEntry("BETA", "beta-2");
        assertThat(proxy.exchanges()).extracting(CountingProxy.Exchange::status).containsExactly(200);
    }

    @Test
    void aWriteThroughTheClientDropsTheCachedReadsAtOnce() {
        CofferClient client = client(Duration.ofMinutes(10));
        assertThat(client.secretMap(scope)).containsEntry("ALPHA", "alpha-1");
        client.updateSecret(scope, "ALPHA", "alpha-3", null);
        proxy.clear();
        assertThat(client.secretMap(scope)).containsEntry("ALPHA", "alpha-3");
        assertThat(client.getSecret(scope, "ALPHA").valueText()).isEqualTo("alpha-3");
        assertThat(proxy.to("GET", LIST))
                .extracting(CountingProxy.Exchange::status)
                .containsExactly(200);
    }

    @Test
    void scopesAreCachedSeparately() {
        CofferClient client = client(Duration.ofSeconds(30));
        fixtures.secret(project, "staging", "/", "ALPHA", "alpha-staging");
        assertThat(client.secretMap(scope)).containsEntry("ALPHA", "alpha-1");
        assertThat(client.secretMap(scope.withEnvironment("staging")))
                .containsExactly(Map.entry("ALPHA", "alpha-staging"));
        assertThat(client.secretMap(scope.withExpand(false))).containsEntry("ALPHA", "alpha-1");
        assertThat(proxy.to("GET", LIST)).hasSize(3);
    }
}
