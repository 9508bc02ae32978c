package dev.coffer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.time.Clock;
import java.util.Map;

/**
 * A real Coffer server on a random port, set up through its API as a team would: a project
 * {@code floe-platform}, the folder {@code /compute/snowflake} in {@code prod}, and a machine identity
 * with universal auth that may read the project.
 */
final class Coffer implements AutoCloseable {

    static final String SLUG = "floe-platform";
    static final String ENV = "prod";
    static final String PATH = "/compute/snowflake";

    final TestServer server;
    final Fixtures fixtures;
    final String projectId;
    final Fixtures.Machine machine;

    Coffer() {
        this(Clock.systemUTC());
    }

    Coffer(Clock clock) {
        server = TestServer.start(Backend.SQLITE, clock);
        fixtures = new Fixtures(server.api());
        Api.Response p = server.api()
                .post(
                        "/api/v1/projects",
                        fixtures.admin().token(),
                        Map.of("projectName", "Floe platform", "slug", SLUG));
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        projectId = p.json().at("/project/id").asText();
        fixtures.folder(projectId, ENV, "/", "compute");
        fixtures.folder(projectId, ENV, "/compute", "snowflake");
        machine = fixtures.machine("k8s-operator", "no-access");
        fixtures.member(projectId, machine.id(), "viewer");
    }

    /** Coffer's API as an InfisicalSecret's hostAPI names it. */
    String hostApi() {
        return server.baseUrl() + "/api";
    }

    void create(String key, String value) {
        create(PATH, key, value);
    }

    void create(String path, String key, String value) {
        fixtures.secret(projectId, ENV, path, key, value);
    }

    void update(String key, String value) {
        Api.Response r = server.api()
                .patch(
                        "/api/v3/secrets/raw/" + key,
                        fixtures.admin().token(),
                        Map.of("workspaceId", projectId, "environment", ENV, "secretPath", PATH, "secretValue", value));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Override
    public void close() {
        server.close();
    }
}
