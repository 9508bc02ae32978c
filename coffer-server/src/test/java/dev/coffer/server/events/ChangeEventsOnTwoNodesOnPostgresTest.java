package dev.coffer.server.events;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two stateless nodes on one PostgreSQL database: a write through node A reaches a subscriber connected
 * to node B (the commit is announced through NOTIFY), with the same names and versions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeEventsOnTwoNodesOnPostgresTest {

    private TestServer nodeA;
    private TestServer nodeB;
    private Fixtures f;
    private String admin;

    @BeforeAll
    void startTwoNodes() {
        nodeA = TestServer.start(Backend.POSTGRES, new EventSettings(Duration.ofSeconds(1), 5, 64));
        nodeB = nodeA.startSecondNode();
        f = new Fixtures(nodeA.api());
        admin = f.admin().token();
    }

    @AfterAll
    void stopNodes() {
        if (nodeB != null) nodeB.close();
        if (nodeA != null) nodeA.close();
    }

    @Test
    void whenANodeLosesItsListeningConnectionItsStreamsEndSoTheirClientsReadAgain() throws Exception {
        String p = f.project("Lost listener");
        try (SseStream onB = SseStream.open(
                nodeB.baseUrl(), admin, body("projectId", p, "register", List.of(body("event", "secret:update"))))) {
            assertThat(onB.status()).isEqualTo(200);
            try (Connection c = DriverManager.getConnection(nodeA.jdbcUrl(), postgres());
                    PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE application_name = 'coffer-invalidation-listener'"
                            + " AND datname = current_database()")) {
                ps.executeQuery().close();
            }
            assertThat(onB.endsWithin(Duration.ofSeconds(5)))
                    .as("the stream ended")
                    .isTrue();
        }
    }

    private static java.util.Properties postgres() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", "postgres");
        return p;
    }

    @Test
    void aWriteThroughNodeAReachesASubscriberOnNodeB() throws Exception {
        String p = f.project("Two nodes");
        try (SseStream onB = SseStream.open(
                nodeB.baseUrl(),
                admin,
                body(
                        "projectId",
                        p,
                        "register",
                        List.of(body("event", "secret:create"), body("event", "secret:update"))))) {
            assertThat(onB.status()).isEqualTo(200);
            assertThat(onB.nextComment(Duration.ofSeconds(5))).isEqualTo("subscribed");
            for (int version = 1; version <= 3; version++) {
                Api.Response r = nodeA.api()
                        .send(
                                version == 1 ? "POST" : "PATCH",
                                "/api/v3/secrets/raw/ON_A",
                                admin,
                                body("workspaceId", p, "environment", "dev", "secretValue", "value-" + version),
                                java.util.Map.of());
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                SseStream.Message m = onB.nextEvent(Duration.ofSeconds(5));
                assertThat(m).as("version %d heard on node B", version).isNotNull();
                assertThat(m.event()).isEqualTo(version == 1 ? "secret:create" : "secret:update");
                assertThat(m.data().at("/data/payload/0/secretKey").asText()).isEqualTo("ON_A");
                assertThat(m.data().at("/data/payload/0/secretVersion").asLong())
                        .isEqualTo(version);
            }
            assertThat(onB.text()).doesNotContain("value-");
        }
    }
}
