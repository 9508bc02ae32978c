package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One smoke test on PostgreSQL: the same round trip as on SQLite, plus a 304 revalidation. */
class CofferClientOnPostgresTest {

    @Test
    void secretsAndFoldersRoundTripAndRevalidateOnPostgres() {
        try (TestServer server = TestServer.start(Backend.POSTGRES)) {
            Fixtures f = new Fixtures(server.api());
            String project = f.project("pg-smoke");
            Fixtures.Machine m = f.machine("pg-machine", "no-access");
            f.member(project, m.id(), "member");
            try (CountingProxy proxy = CountingProxy.to(server.baseUrl())) {
                CofferClient client = CofferClient.builder()
                        .apiUrl(proxy.baseUrl())
                        .universalAuth(m.clientId(), m.clientSecret())
                        .cacheTtl(Duration.ZERO)
                        .build();
                Scope root = Scope.of(project, "prod");
                client.createSecret(root, "PG_SECRET", "pg-value-1", null);
                client.createFolder(root, "api");
                client.createSecret(root.withPath("/api"), "PG_NESTED", "nested-value", null);

                assertThat(client.secretMap(root)).containsExactly(Map.entry("PG_SECRET", "pg-value-1"));
                assertThat(client.secretMap(root)).containsExactly(Map.entry("PG_SECRET", "pg-value-1"));
                assertThat(proxy.to("GET", "/api/v3/secrets/raw"))
                        .extracting(CountingProxy.Exchange::status)
                        .containsExactly(200, 304);

                client.updateSecret(root, "PG_SECRET", "pg-value-2", null);
                assertThat(client.getSecret(root, "PG_SECRET").valueText()).isEqualTo("pg-value-2");
                assertThat(client.listFolders(root)).extracting(Folder::name).containsExactly("api");
                assertThat(client.secretMap(root.withPath("/api"))).containsEntry("PG_NESTED", "nested-value");
                client.deleteSecret(root, "PG_SECRET");
                assertThatThrownBy(() -> client.getSecret(root, "PG_SECRET"))
                        .isInstanceOf(CofferException.NotFound.class)
                        .hasMessageContaining("PG_SECRET");
                client.deleteFolder(root, "api");
                assertThat(client.listFolders(root)).isEmpty();
            }
        }
    }
}
