package dev.coffer.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Reference expansion through the HTTP API: v3 on request, v4 by default, across environments and folders. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReferencesApiSuite {

    abstract Backend backend();

    private TestServer server;
    private Fixtures f;
    private String project;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
        f = new Fixtures(server.api());
        project = f.project("refs");
        f.folder(project, "prod", "/", "db");
        f.secret(project, "prod", "/db", "PASSWORD", "pr0d-pw");
        f.secret(project, "dev", "/", "HOST", "dev-host");
        f.secret(project, "dev", "/", "URL", "postgres://app:${prod.db.PASSWORD}@${HOST}/app");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** The value of URL, from a single-secret response or from a listing. */
    private String url(String path) {
        Api.Response r = server.api().get(path, f.admin().token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        if (r.json().has("secret")) return r.json().at("/secret/secretValue").asText();
        for (var s : r.json().get("secrets")) {
            if (s.get("secretKey").asText().equals("URL"))
                return s.get("secretValue").asText();
        }
        throw new AssertionError("URL not in listing: " + r.body());
    }

    @Test
    void v3ExpandsReferencesOnlyWhenAsked() {
        String q = "?workspaceId=" + project + "&environment=dev";
        assertThat(url("/api/v3/secrets/raw/URL" + q)).isEqualTo("postgres://app:${prod.db.PASSWORD}@${HOST}/app");
        assertThat(url("/api/v3/secrets/raw/URL" + q + "&expandSecretReferences=true"))
                .isEqualTo("postgres://app:pr0d-pw@dev-host/app");
        assertThat(url("/api/v3/secrets/raw" + q + "&expandSecretReferences=true"))
                .isEqualTo("postgres://app:pr0d-pw@dev-host/app");
    }

    @Test
    void v4ExpandsReferencesByDefault() {
        String q = "?projectId=" + project + "&environment=dev";
        assertThat(url("/api/v4/secrets/URL" + q)).isEqualTo("postgres://app:pr0d-pw@dev-host/app");
        assertThat(url("/api/v4/secrets/URL" + q + "&expandSecretReferences=false"))
                .isEqualTo("postgres://app:${prod.db.PASSWORD}@${HOST}/app");
    }

    @Test
    void aReferenceCycleIsA400ThatNamesTheSecrets() {
        f.secret(project, "staging", "/", "A", "${B}");
        f.secret(project, "staging", "/", "B", "${A}");
        Api.Response r = server.api()
                .get(
                        "/api/v3/secrets/raw/A?workspaceId=" + project
                                + "&environment=staging&expandSecretReferences=true",
                        f.admin().token());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("cycle").contains("staging:/A").contains("staging:/B");
    }

    @Test
    void aViewerWithoutAccessToTheProjectCannotResolveItsSecretsThroughReferences() {
        Fixtures.Machine outsider = f.machine("outsider", "no-access");
        Api.Response r = server.api()
                .get(
                        "/api/v3/secrets/raw/URL?workspaceId=" + project
                                + "&environment=dev&expandSecretReferences=true",
                        outsider.token());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("pr0d-pw");
    }

    @Test
    void referencesThatMultiplyAreA422NamingTheChainAndTheServerKeepsAnswering() {
        // eight secrets each naming the next ten times: 10^8 copies of the last one if expanded
        String p = f.project("fan-out");
        for (int i = 1; i < 8; i++) f.secret(p, "dev", "/", "L" + i, ("${L" + (i + 1) + "}").repeat(10));
        f.secret(p, "dev", "/", "L8", "0123456789");
        for (String path : List.of(
                "/api/v4/secrets?projectId=" + p + "&environment=dev",
                "/api/v4/secrets/L1?projectId=" + p + "&environment=dev",
                "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&expandSecretReferences=true")) {
            Api.Response r = server.api().get(path, f.admin().token());
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.message()).contains("Expanding dev:/L").contains("expandSecretReferences=false");
        }
        // unexpanded, the same listing is small and fine; and the server answers everything else as before
        Api.Response raw = server.api()
                .get(
                        "/api/v4/secrets?projectId=" + p + "&environment=dev&expandSecretReferences=false",
                        f.admin().token());
        assertThat(raw.status()).as(raw.body()).isEqualTo(200);
        assertThat(url("/api/v4/secrets/URL?projectId=" + project + "&environment=dev"))
                .isEqualTo("postgres://app:pr0d-pw@dev-host/app");
    }

    @Test
    void aDeepButSmallChainAcrossEnvironmentsStillExpands() {
        String p = f.project("deep");
        f.folder(p, "prod", "/", "app");
        // ten levels, alternating environments and folders, each value small
        for (int i = 0; i < 9; i++) {
            String env = i % 2 == 0 ? "dev" : "prod";
            String next = i % 2 == 0 ? "${prod.app.D" + (i + 1) + "}" : "${dev.D" + (i + 1) + "}";
            f.secret(p, env, i % 2 == 0 ? "/" : "/app", "D" + i, i + ":" + next);
        }
        f.secret(p, "prod", "/app", "D9", "end");
        Api.Response r = server.api()
                .get(
                        "/api/v4/secrets/D0?projectId=" + p + "&environment=dev",
                        f.admin().token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/secret/secretValue").asText()).isEqualTo("0:1:2:3:4:5:6:7:8:end");
    }
}
