package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleSecurityOnPostgresTest extends ConsoleSecuritySuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }

    @Test
    void aFormFromOneNodeIsAcceptedByAnotherNodeOfTheCluster() {
        ConsoleClient c = signedIn(); // the form and its token come from the first node
        try (TestServer second = server.startSecondNode()) {
            ConsoleClient there = new ConsoleClient(second.api().base());
            there.cookies.putAll(c.cookies);
            ConsoleClient.Page p = there.post("/projects", Map.of("name", "from-node-two", "csrf", c.csrf));
            assertThat(p.status()).isEqualTo(303);
            assertThat(c.get("/").body()).contains("from-node-two");
        }
    }
}
