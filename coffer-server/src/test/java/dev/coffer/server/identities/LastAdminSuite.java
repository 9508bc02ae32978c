package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The last org admin under concurrency: demotions and deletions of admins that race each other are
 * decided one after another (the organization's row is locked before the admins are counted), so the
 * organization always keeps one admin and every loser gets a 400 that says why, never a 500.
 *
 * <p>Each test has a server of its own whose organization has admin identities only: the bootstrap
 * user's admin membership, which would otherwise always remain, is removed directly.
 */
abstract class LastAdminSuite {

    abstract Backend backend();

    static final int ADMINS = 8;

    TestServer server;
    Api api;
    Fixtures fixtures;
    /** The org's admin identities, each able to act as itself; the bootstrap identity first. */
    final List<Fixtures.Machine> admins = new ArrayList<>();

    @BeforeEach
    void anOrganizationOfAdminIdentitiesOnly() throws SQLException {
        server = TestServer.start(backend());
        api = server.api();
        fixtures = new Fixtures(api);
        Fixtures.Admin boss = fixtures.admin();
        admins.add(new Fixtures.Machine(boss.identityId(), null, null, boss.token()));
        for (int i = 1; i < ADMINS; i++) admins.add(fixtures.machine("admin-" + i, "admin"));
        try (Connection c = UniversalAuthHarness.jdbc(server);
                Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM org_memberships WHERE role = 'admin'"))
                    .isEqualTo(1);
        }
        assertThat(adminsLeft()).isEqualTo(ADMINS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    int adminsLeft() throws SQLException {
        try (Connection c = UniversalAuthHarness.jdbc(server);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM identities WHERE org_role = 'admin'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Each admin removes itself at once: even ones demote themselves to member, odd ones delete themselves. */
    List<Callable<Api.Response>> everyAdminStepsDown() {
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < admins.size(); i++) {
            Fixtures.Machine m = admins.get(i);
            String path = "/api/v1/identities/" + m.id();
            calls.add(
                    i % 2 == 0
                            ? () -> api.patch(path, m.token(), Map.of("role", "member"))
                            : () -> api.delete(path, m.token(), Map.of()));
        }
        return calls;
    }

    static void assertOneLoserWithA400(List<Api.Response> results) {
        for (Api.Response r : results) r.assertNoInternals("a demotion or deletion of an admin");
        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 400));
        List<Api.Response> refused =
                results.stream().filter(r -> r.status() == 400).toList();
        assertThat(refused).as("%s", results).hasSize(1);
        assertThat(refused.getFirst().message()).containsIgnoringCase("last admin");
    }

    @Test
    void adminsThatAllDemoteOrDeleteThemselvesAtOnceLeaveExactlyOneAdminAndTheLastOneGetsA400() throws Exception {
        List<Api.Response> results = UniversalAuthHarness.concurrently(everyAdminStepsDown());

        assertOneLoserWithA400(results);
        assertThat(adminsLeft()).isEqualTo(1);
    }
}
