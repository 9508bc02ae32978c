package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The last-admin race on PostgreSQL, plus one interleaving forced exactly: the two last admins' rows
 * are held locked by another transaction, so both the demotion of one and the deletion of the other
 * have counted admins before either can write. Counting under the organization's lock makes the second
 * wait for the first and count again.
 */
class LastAdminOnPostgresTest extends LastAdminSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }

    @Test
    void aDemotionAndADeletionOfTheLastTwoAdminsThatBothCountedBeforeEitherWroteLeaveOneAdmin() throws Exception {
        Fixtures.Machine first = admins.get(0);
        Fixtures.Machine second = admins.get(1);
        for (Fixtures.Machine m : admins.subList(2, admins.size())) {
            Api.Response r = api.delete("/api/v1/identities/" + m.id(), m.token(), Map.of());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        assertThat(adminsLeft()).isEqualTo(2);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection holder = UniversalAuthHarness.jdbc(server)) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock =
                    holder.prepareStatement("SELECT id FROM identities WHERE id IN (?, ?) FOR UPDATE")) {
                lock.setString(1, first.id());
                lock.setString(2, second.id());
                lock.executeQuery().close();
            }
            Future<Api.Response> demote = pool.submit(
                    () -> api.patch("/api/v1/identities/" + first.id(), first.token(), Map.of("role", "member")));
            Future<Api.Response> delete =
                    pool.submit(() -> api.delete("/api/v1/identities/" + second.id(), second.token(), Map.of()));
            awaitWaitingOnLocks(2);
            holder.rollback();

            assertOneLoserWithA400(List.of(demote.get(30, TimeUnit.SECONDS), delete.get(30, TimeUnit.SECONDS)));
        } finally {
            pool.shutdownNow();
        }
        assertThat(adminsLeft()).isEqualTo(1);
    }

    /** Waits (up to 20 s) until {@code n} sessions of the server's database wait on a lock. */
    private void awaitWaitingOnLocks(int n) throws SQLException, InterruptedException {
        try (Connection c = UniversalAuthHarness.jdbc(server);
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            for (int i = 0; i < 2_000; i++) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= n) return;
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the two requests never reached the held locks");
    }
}
