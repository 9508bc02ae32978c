package dev.coffer.server.secrets;

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

/**
 * A write may say which version it expects (an {@code expectedVersion} field, or {@code If-Match} on a
 * single update); when the secret has moved on it gets a 409 and nothing is written — no lost update.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExpectedVersionSuite {

    abstract Backend backend();

    TestServer server;
    Api api;
    Fixtures f;
    String project;
    String admin;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
        api = server.api();
        f = new Fixtures(api);
        project = f.project("expected");
        admin = f.admin().token();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Api.Response patch(String key, Map<String, Object> extra, Map<String, String> headers) {
        Map<String, Object> body =
                new java.util.HashMap<>(Map.of("workspaceId", project, "environment", "dev", "secretPath", "/"));
        body.putAll(extra);
        return api.send("PATCH", "/api/v3/secrets/raw/" + key, admin, body, headers)
                .assertNoInternals("patch");
    }

    String value(String key) {
        return api.get("/api/v3/secrets/raw/" + key + "?workspaceId=" + project + "&environment=dev", admin)
                .json()
                .at("/secret/secretValue")
                .asText();
    }

    @Test
    void aChangeExpectingAnOlderVersionIs409AndWritesNothing() {
        f.secret(project, "dev", "/", "RATE", "1");
        Api.Response first = patch("RATE", Map.of("secretValue", "2", "expectedVersion", 1), Map.of());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().at("/secret/version").asLong()).isEqualTo(2);

        Api.Response stale = patch("RATE", Map.of("secretValue", "lost update", "expectedVersion", 1), Map.of());
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.message()).contains("is at version 2, not 1").doesNotContain("lost update");
        assertThat(value("RATE")).isEqualTo("2");

        assertThat(patch("RATE", Map.of("secretValue", "3"), Map.of("If-Match", "\"2\""))
                        .status())
                .isEqualTo(200);
        assertThat(patch("RATE", Map.of("secretValue", "x"), Map.of("If-Match", "W/\"2\""))
                        .status())
                .isEqualTo(409);
        assertThat(patch("RATE", Map.of("secretValue", "x"), Map.of("If-Match", "latest"))
                        .status())
                .isEqualTo(400);
        assertThat(patch("RATE", Map.of("secretValue", "x", "expectedVersion", 0), Map.of())
                        .status())
                .isEqualTo(422);
        assertThat(value("RATE")).isEqualTo("3");
    }

    @Test
    void aBatchWithOneStaleExpectationWritesNoneOfIt() {
        f.secret(project, "dev", "/", "A", "a1");
        f.secret(project, "dev", "/", "B", "b1");
        Api.Response r = api.patch(
                "/api/v3/secrets/batch/raw",
                admin,
                Map.of(
                        "workspaceId",
                        project,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "secrets",
                        List.of(
                                Map.of("secretKey", "A", "secretValue", "a2", "expectedVersion", 1),
                                Map.of("secretKey", "B", "secretValue", "b2", "expectedVersion", 7))));
        assertThat(r.status()).isEqualTo(409);
        assertThat(value("A")).isEqualTo("a1");
        assertThat(value("B")).isEqualTo("b1");
    }
}
