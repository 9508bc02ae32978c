package dev.coffer.server.store;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.Postgres;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The invalidation listener on PostgreSQL. When a node's listening connection is killed it may have
 * missed notifications, so it empties its caches, reconnects and listens again: a change it could not
 * hear is still seen within a second, and changes made after the reconnect arrive by NOTIFY as before.
 * A node does not deliver its own notifications a second time.
 */
// measures latency, so it runs alone rather than beside other test classes on the same cores
@Isolated
class InvalidationListenerOnPostgresTest {

    private static final String LISTENER = "coffer-invalidation-listener";
    private static final long WITHIN_MILLIS = 1_000;
    private static final long GIVE_UP_MILLIS = 10_000;

    // ---------------------------------------------------------------- two servers

    @Test
    void aTokenRevokedBehindEveryNodesBackIsRefusedByNodeBOnceItsListenerReconnects() throws Exception {
        try (TestServer a = TestServer.start(Backend.POSTGRES);
                TestServer b = a.startSecondNode()) {
            Fixtures f = new Fixtures(a.api());
            String p = f.project("listener-1");
            Fixtures.Machine m = f.machine("revoked-behind-its-back", "member");
            f.member(p, m.id(), "viewer");
            assertThat(listSecrets(b.api(), p, m.token()).status())
                    .as("B before")
                    .isEqualTo(200);

            // revoked in the database directly: no node sends a notification for this
            try (Connection c = connect(a.jdbcUrl());
                    PreparedStatement ps =
                            c.prepareStatement("UPDATE access_tokens SET revoked = TRUE WHERE identity_id = ?")) {
                ps.setString(1, m.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(listSecrets(b.api(), p, m.token()).status())
                    .as("B's token cache still holds the token, so only a flush can make B see the revoke")
                    .isEqualTo(200);

            assertThat(killListeners(a.jdbcUrl()))
                    .as("listening connections killed")
                    .isEqualTo(2);
            long ms = millisUntil(() -> listSecrets(b.api(), p, m.token()).status() == 401);
            assertThat(ms)
                    .as("B accepted the revoked token for %d ms after its listener was killed", ms)
                    .isLessThan(WITHIN_MILLIS);
            waitUntil(() -> listeners(a.jdbcUrl()) == 2, "both nodes listen again");
        }
    }

    @Test
    void aTokenRevokedOnNodeAWhileNodeBsListenerIsDownIsRefusedByNodeB() throws Exception {
        try (TestServer a = TestServer.start(Backend.POSTGRES);
                TestServer b = a.startSecondNode()) {
            Fixtures f = new Fixtures(a.api());
            String p = f.project("listener-2");
            Fixtures.Machine m = f.machine("revoked-while-down", "member");
            f.member(p, m.id(), "viewer");
            assertThat(listSecrets(b.api(), p, m.token()).status())
                    .as("B before")
                    .isEqualTo(200);

            assertThat(killListeners(a.jdbcUrl())).isEqualTo(2);
            Api.Response revoked = a.api().post("/api/v1/auth/token/revoke", null, body("accessToken", m.token()));
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

            long ms = millisUntil(() -> listSecrets(b.api(), p, m.token()).status() == 401);
            assertThat(ms).as("B accepted the token revoked on A for %d ms", ms).isLessThan(WITHIN_MILLIS);
        }
    }

    @Test
    void afterReconnectingNodeBHearsNodeAsChangesByNotifyAgain() throws Exception {
        try (TestServer a = TestServer.start(Backend.POSTGRES);
                TestServer b = a.startSecondNode()) {
            Fixtures f = new Fixtures(a.api());
            String p = f.project("listener-3");
            Fixtures.Machine m = f.machine("revoked-after-reconnect", "member");
            f.member(p, m.id(), "viewer");

            assertThat(killListeners(a.jdbcUrl())).isEqualTo(2);
            waitUntil(() -> listeners(a.jdbcUrl()) == 2, "both nodes listen again");
            Thread.sleep(200); // past the flush that follows the reconnect
            assertThat(listSecrets(b.api(), p, m.token()).status())
                    .as("B, warmed after the reconnect")
                    .isEqualTo(200);

            Api.Response revoked = a.api().post("/api/v1/auth/token/revoke", null, body("accessToken", m.token()));
            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
            long ms = millisUntil(() -> listSecrets(b.api(), p, m.token()).status() == 401);
            assertThat(ms)
                    .as("B accepted the token revoked on A for %d ms after the reconnect (the cache TTL is 30 s)", ms)
                    .isLessThan(WITHIN_MILLIS);
        }
    }

    // ---------------------------------------------------------------- two databases handles, counted

    @Test
    @SuppressWarnings("try") // the second node is open only for its listener
    void aNodeDeliversItsOwnChangeOnceAndTheOtherNodeHearsItOnce() throws Exception {
        String url = Postgres.newDatabase();
        Counting one = new Counting();
        Counting two = new Counting();
        try (Database first = Database.postgres(PostgresUrl.parse(url, "postgres", null), one.invalidator);
                Database second = Database.postgres(PostgresUrl.parse(url, "postgres", null), two.invalidator)) {
            first.write(tx -> {
                tx.invalidate(Invalidator.Topic.TOKEN, "token-1");
                return null;
            });
            assertThat(one.delivered.get())
                    .as("delivered on the writing node right after its commit")
                    .isEqualTo(1);
            waitUntil(() -> two.delivered.get() == 1, "the other node hears the change");
            Thread.sleep(500); // the writer's own listener has heard its notification by now
            assertThat(one.delivered.get())
                    .as("the writing node's own notification is not delivered again")
                    .isEqualTo(1);
            assertThat(two.delivered.get()).isEqualTo(1);
            assertThat(one.flushes.get() + two.flushes.get())
                    .as("no flush without a lost connection")
                    .isZero();
        }
    }

    @Test
    @SuppressWarnings("try") // the node is open only for its listener
    void aKilledListeningConnectionFlushesTheCachesReconnectsAndFlushesAgain() throws Exception {
        String url = Postgres.newDatabase();
        Counting node = new Counting();
        try (Database db = Database.postgres(PostgresUrl.parse(url, "postgres", null), node.invalidator)) {
            assertThat(killListeners(url)).isEqualTo(1);
            waitUntil(
                    () -> node.flushes.get() >= 2 && listeners(url) == 1, "a flush on the loss and one once listening");

            // listening again: a change written through another connection's transaction is heard
            Counting other = new Counting();
            try (Database writer = Database.postgres(PostgresUrl.parse(url, "postgres", null), other.invalidator)) {
                writer.write(tx -> {
                    tx.invalidate(Invalidator.Topic.PROJECT, "project-1");
                    return null;
                });
                waitUntil(() -> node.delivered.get() == 1, "the reconnected node hears the change");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** An invalidator that counts what it delivers (any topic) and how often it is flushed. */
    private static final class Counting {
        final Invalidator invalidator = new Invalidator();
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();

        Counting() {
            for (Invalidator.Topic t : Invalidator.Topic.values())
                invalidator.on(t, key -> delivered.incrementAndGet());
            invalidator.onFlushAll(flushes::incrementAndGet);
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection(url, p);
    }

    /** Terminates every listening connection to this database; returns how many. */
    private static int killListeners(String url) throws SQLException {
        try (Connection c = connect(url);
                PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) "
                        + "FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()")) {
            ps.setString(1, LISTENER);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) if (rs.getBoolean(1)) n++;
            }
            return n;
        }
    }

    /** The listening connections to this database now. */
    private static int listeners(String url) {
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '"
                        + LISTENER + "' AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Api.Response listSecrets(Api node, String p, String token) {
        return node.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/", token);
    }

    /** Milliseconds until {@code done} holds, asking every 10 ms; fails after {@value #GIVE_UP_MILLIS} ms. */
    private static long millisUntil(BooleanSupplier done) throws InterruptedException {
        long start = System.nanoTime();
        while (!done.getAsBoolean()) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsed).as("still not done after %d ms", elapsed).isLessThan(GIVE_UP_MILLIS);
            Thread.sleep(10);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("answered after " + ms + " ms");
        return ms;
    }

    private static void waitUntil(BooleanSupplier done, String what) throws InterruptedException {
        long start = System.nanoTime();
        while (!done.getAsBoolean()) {
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("waiting until %s", what)
                    .isLessThan(GIVE_UP_MILLIS);
            Thread.sleep(10);
        }
    }
}
