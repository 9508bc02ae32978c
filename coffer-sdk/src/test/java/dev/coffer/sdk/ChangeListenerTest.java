package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link CofferClient#onChange} against a real server: a write is seen at once (long before a poll) through
 * the server's change events; a revoked token is replaced by a fresh login and the change made meanwhile
 * is still reported; against a server without the endpoint (404) the listing is polled instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeListenerTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestServer server;
    private Fixtures fixtures;

    @BeforeAll
    void startServer() {
        server = TestServer.start(Backend.SQLITE);
        fixtures = new Fixtures(server.api());
        fixtures.admin();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    private record Setup(String projectId, Fixtures.Machine machine, CofferClient.Builder builder) {}

    private Setup setup() {
        int n = SEQ.incrementAndGet();
        String project = fixtures.project("listener-" + n);
        Fixtures.Machine m = fixtures.machine("listener-machine-" + n, "no-access");
        fixtures.member(project, m.id(), "viewer");
        return new Setup(
                project,
                m,
                CofferClient.builder()
                        .apiUrl(server.baseUrl())
                        .universalAuth(m.clientId(), m.clientSecret())
                        .timeout(Duration.ofSeconds(5)));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) Thread.sleep(50);
        assertThat(condition.getAsBoolean()).as("within 5 s").isTrue();
    }

    @Test
    void aWriteIsSeenThroughTheServersChangeEventsLongBeforeAPollWouldSeeIt() throws Exception {
        Setup s = setup();
        CofferClient client = s.builder().build();
        BlockingQueue<ChangeEvent> heard = new LinkedBlockingQueue<>();
        try (Closeable handle = client.onChange(Scope.of(s.projectId(), "dev"), heard::add)) {
            ChangeListener listener = (ChangeListener) handle;
            waitFor(listener::connected);
            assertThat(listener.polling()).isFalse();
            fixtures.secret(s.projectId(), "dev", "/", "WATCHED", "value-never-in-an-event");
            ChangeEvent e = heard.poll(5, TimeUnit.SECONDS); // polling would take 10 s
            assertThat(e).as("the change, from an event").isNotNull();
            assertThat(e.type()).isEqualTo("secret:create");
            assertThat(e.items()).hasSize(1);
            assertThat(e.items().get(0).secretKey()).isEqualTo("WATCHED");
            assertThat(e.items().get(0).version()).isEqualTo(1);
            assertThat(e.toString()).doesNotContain("value-never-in-an-event");
            assertThat(client.secretMap(Scope.of(s.projectId(), "dev")))
                    .containsEntry("WATCHED", "value-never-in-an-event");
        }
    }

    @Test
    void aRevokedTokenIsReplacedByALoginAndTheChangeMadeMeanwhileIsReported() throws Exception {
        Setup s = setup();
        CofferClient client = s.builder().build();
        fixtures.secret(s.projectId(), "dev", "/", "ROTATED", "one");
        BlockingQueue<ChangeEvent> heard = new LinkedBlockingQueue<>();
        try (Closeable handle = client.onChange(Scope.of(s.projectId(), "dev"), heard::add)) {
            waitFor(((ChangeListener) handle)::connected);
            Api.Response revoke =
                    server.api().post("/api/v1/auth/token/revoke", null, Map.of("accessToken", client.accessToken()));
            assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
            Api.Response update = server.api()
                    .patch(
                            "/api/v3/secrets/raw/ROTATED",
                            fixtures.admin().token(),
                            Map.of("workspaceId", s.projectId(), "environment", "dev", "secretValue", "two"));
            assertThat(update.status()).as(update.body()).isEqualTo(200);
            ChangeEvent e = heard.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("the change, after logging in again").isNotNull();
            assertThat(e.type()).isEqualTo("secret:update");
            assertThat(e.items().get(0).secretKey()).isEqualTo("ROTATED");
            assertThat(e.items().get(0).version()).isEqualTo(2);
        }
    }

    @Test
    void aSubscriptionTheServerRefusesIsReplacedByPolling() throws Exception {
        Setup s = setup();
        // a route that is no event subscription refuses the body with a 4xx (not 401/429): no events here
        CofferClient client = s.builder().eventsPath("/api/v2/workspace").build();
        BlockingQueue<ChangeEvent> heard = new LinkedBlockingQueue<>();
        try (Closeable handle = client.onChange(Scope.of(s.projectId(), "dev"), Duration.ofMillis(200), heard::add)) {
            waitFor(((ChangeListener) handle)::polling);
            fixtures.secret(s.projectId(), "dev", "/", "STILL_SEEN", "x");
            ChangeEvent e = heard.poll(5, TimeUnit.SECONDS);
            assertThat(e).as("the change, by polling").isNotNull();
            assertThat(e.items().get(0).secretKey()).isEqualTo("STILL_SEEN");
        }
    }

    @Test
    void aServerWithoutChangeEventsIsPolledWithTheListing() throws Exception {
        Setup s = setup();
        CofferClient client = s.builder().eventsPath("/api/v1/events/not-here").build();
        BlockingQueue<ChangeEvent> heard = new LinkedBlockingQueue<>();
        try (Closeable handle = client.onChange(Scope.of(s.projectId(), "dev"), Duration.ofMillis(200), heard::add)) {
            waitFor(((ChangeListener) handle)::polling);
            fixtures.secret(s.projectId(), "dev", "/", "POLLED", "x");
            ChangeEvent e = heard.poll(5, TimeUnit.SECONDS);
            assertThat(e).as("the change, by polling").isNotNull();
            assertThat(e.type()).isEqualTo("secret:create");
            assertThat(e.items().get(0).secretKey()).isEqualTo("POLLED");
        }
    }
}
