package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The matrix of a project with 1,000 keys is one page of every key against every environment; its
 * markup is kept lean (one line per key, no indentation between cells), because a page of several
 * hundred KB is what makes its server time spike: each answer is a large allocation for the collector.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleMatrixSizeTest {

    static final int KEYS = 1000;

    TestServer server;
    String projectId;

    @BeforeAll
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        f.admin();
        projectId = f.project("big");
        for (String env : List.of("dev", "prod")) {
            for (int start = 0; start < KEYS; start += 100) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = start; i < start + 100; i++) {
                    String value = "value-" + i + (env.equals("prod") && i % 10 == 0 ? "-prod" : "");
                    items.add(Map.of("secretKey", String.format("SECRET_%04d", i), "secretValue", value));
                }
                Api.Response r = server.api()
                        .post(
                                "/api/v3/secrets/batch/raw",
                                f.admin().token(),
                                Map.of(
                                        "workspaceId",
                                        projectId,
                                        "environment",
                                        env,
                                        "secretPath",
                                        "/",
                                        "secrets",
                                        items));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
        }
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void theMatrixOfAThousandKeysInThreeEnvironmentsTakesUnderSixHundredAndFiftyBytesAKey() {
        ConsoleClient c = new ConsoleClient(server.api().base());
        assertThat(c.login("admin@example.com", "correct horse battery").status())
                .isEqualTo(303);
        ConsoleClient.Page p = c.get("/projects/" + projectId);
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).contains("1000 keys", "100 differ", "SECRET_0999");
        int bytes = p.body().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).as("matrix page of %d keys, bytes", KEYS).isLessThan(650 * KEYS);
    }
}
