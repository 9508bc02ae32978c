package dev.coffer.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Comparing a folder across environments: which keys each environment has, with versions, and whether
 * values agree — never the values, and no verdict on values the caller may not read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CompareSuite {

    abstract Backend backend();

    TestServer server;
    Api api;
    Fixtures f;
    String project;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
        api = server.api();
        f = new Fixtures(api);
        project = f.project("compare");
        for (String env : List.of("dev", "prod")) f.folder(project, env, "/", "api");
        f.secret(project, "dev", "/api", "SAME", "v");
        f.secret(project, "prod", "/api", "SAME", "v");
        f.secret(project, "dev", "/api", "DIFFERS", "dev-value");
        f.secret(project, "prod", "/api", "DIFFERS", "prod-value");
        f.secret(project, "dev", "/api", "ONLY_DEV", "x");
        f.secret(project, "prod", "/api", "ONLY_PROD", "y");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Api.Response compare(String token, String envs) {
        return api.get(
                        "/api/v1/secrets/compare?projectId=" + project + "&environments=" + envs + "&secretPath=/api",
                        token)
                .assertNoInternals("compare");
    }

    static JsonNode row(JsonNode rows, String key) {
        for (JsonNode r : rows) if (r.get("key").asText().equals(key)) return r;
        throw new AssertionError("no row for " + key + " in " + rows);
    }

    @Test
    void showsWhereEachKeyIsAndWhetherValuesAgreeWithoutValues() {
        Api.Response r = compare(f.admin().token(), "dev,prod");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode rows = r.json().get("secrets");
        assertThat(rows.findValuesAsText("key")).containsExactly("DIFFERS", "ONLY_DEV", "ONLY_PROD", "SAME");
        assertThat(row(rows, "SAME").get("same").asBoolean()).isTrue();
        assertThat(row(rows, "DIFFERS").get("same").asBoolean()).isFalse();
        assertThat(row(rows, "ONLY_DEV").get("presentIn").has("prod")).isFalse();
        assertThat(row(rows, "ONLY_DEV").at("/presentIn/dev/version").asLong()).isEqualTo(1);
        assertThat(r.body()).doesNotContain("dev-value").doesNotContain("prod-value");
    }

    @Test
    void noVerdictOnValuesTheCallerMayNotRead() {
        Api.Response role = api.post(
                "/api/v2/workspace/" + project + "/roles",
                f.admin().token(),
                Map.of(
                        "slug",
                        "describer",
                        "name",
                        "Describer",
                        "permissions",
                        List.of(Map.of("subject", "secrets", "action", List.of("describeSecret")))));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        Fixtures.Machine m = f.machine("describer-" + backend(), "no-access");
        f.member(project, m.id(), "describer");
        Api.Response r = compare(m.token(), "dev,prod");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(row(r.json().get("secrets"), "DIFFERS").get("same").isNull()).isTrue();
    }

    @Test
    void badEnvironmentListsAreRefused() {
        assertThat(compare(f.admin().token(), "dev").status()).isEqualTo(422);
        assertThat(compare(f.admin().token(), "dev,nowhere").status()).isEqualTo(404);
    }
}
