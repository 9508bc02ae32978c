package dev.coffer.server.servicetokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Two nodes on one PostgreSQL database: a service token deleted through node A is refused by node B
 * within a second, although B has just used (and cached) it. B is asked every 10 ms after the delete.
 */
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceTokenOnTwoNodesOnPostgresTest {

    private TestServer nodeA;
    private TestServer nodeB;

    @BeforeAll
    void startTwoNodes() {
        nodeA = TestServer.start(Backend.POSTGRES);
        nodeB = nodeA.startSecondNode();
    }

    @AfterAll
    void stopNodes() {
        if (nodeB != null) nodeB.close();
        if (nodeA != null) nodeA.close();
    }

    @Test
    void aServiceTokenDeletedOnNodeAIsRefusedByNodeBWithinASecond() throws InterruptedException {
        Api a = nodeA.api();
        Api b = nodeB.api();
        Fixtures f = new Fixtures(a);
        String admin = f.admin().token();
        String p = f.project("two-nodes");
        Api.Response created = a.post(
                "/api/v2/service-token",
                admin,
                Map.of(
                        "name",
                        "ci",
                        "workspaceId",
                        p,
                        "scopes",
                        List.of(Map.of("environment", "dev", "secretPath", "/**")),
                        "permissions",
                        List.of("read")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String[] parts = created.json().get("serviceToken").asText().split("\\.");
        String bearer = parts[0] + "." + parts[1] + "." + parts[2];
        String list = "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/";
        assertThat(b.get(list, bearer).status()).as("B before the delete").isEqualTo(200);

        Api.Response deleted = a.delete("/api/v2/service-token/" + parts[1], admin, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        long start = System.nanoTime();
        long ms;
        while (true) {
            ms = (System.nanoTime() - start) / 1_000_000;
            if (b.get(list, bearer).status() == 401 || ms > 5_000) break;
            Thread.sleep(10);
        }
        assertThat(ms)
                .as("node B accepted the token deleted on node A for %d ms", ms)
                .isLessThan(1_000);
    }
}
