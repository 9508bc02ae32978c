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
 * Moving secrets between folders and environments: all or nothing; a name the destination has already
 * stops the move unless it may be overwritten.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MoveSuite {

    abstract Backend backend();

    TestServer server;
    Api api;
    Fixtures f;
    String admin;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
        api = server.api();
        f = new Fixtures(api);
        admin = f.admin().token();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Api.Response move(String token, String project, List<String> ids, boolean overwrite) {
        return api.post(
                        "/api/v4/secrets/move",
                        token,
                        Map.of(
                                "projectId",
                                project,
                                "sourceEnvironment",
                                "dev",
                                "sourceSecretPath",
                                "/",
                                "destinationEnvironment",
                                "prod",
                                "destinationSecretPath",
                                "/api",
                                "secretIds",
                                ids,
                                "shouldOverwrite",
                                overwrite))
                .assertNoInternals("move");
    }

    String value(String project, String env, String path, String key) {
        Api.Response r = api.get(
                "/api/v3/secrets/raw/" + key + "?workspaceId=" + project + "&environment=" + env + "&secretPath="
                        + path,
                admin);
        return r.status() == 404 ? null : r.json().at("/secret/secretValue").asText();
    }

    @Test
    void secretsMoveToAnotherEnvironmentAndFolderWhole() {
        String p = f.project("move");
        String a = f.secret(p, "dev", "/", "A", "a").get("id").asText();
        String b = f.secret(p, "dev", "/", "B", "b").get("id").asText();
        Api.Response r = move(admin, p, List.of(a, b), false);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("isDestinationUpdated").asBoolean()).isTrue();
        assertThat(value(p, "prod", "/api", "A")).isEqualTo("a");
        assertThat(value(p, "prod", "/api", "B")).isEqualTo("b");
        assertThat(value(p, "dev", "/", "A")).isNull();
    }

    @Test
    void aNameTheDestinationHasStopsTheMoveUnlessOverwriting() {
        String p = f.project("move-clash");
        String a = f.secret(p, "dev", "/", "A", "new-a").get("id").asText();
        String c = f.secret(p, "dev", "/", "C", "c").get("id").asText();
        f.folder(p, "prod", "/", "api");
        f.secret(p, "prod", "/api", "A", "old-a");
        Api.Response refused = move(admin, p, List.of(c, a), false);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).contains("already has A").contains("shouldOverwrite");
        assertThat(value(p, "dev", "/", "C")).isEqualTo("c"); // nothing moved
        assertThat(value(p, "prod", "/api", "C")).isNull();

        Api.Response ok = move(admin, p, List.of(c, a), true);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(value(p, "prod", "/api", "A")).isEqualTo("new-a");
        assertThat(value(p, "dev", "/", "A")).isNull();
    }

    @Test
    void badMovesAreRefusedAndWriteNothing() {
        String p = f.project("move-bad");
        String a = f.secret(p, "dev", "/", "A", "a").get("id").asText();
        assertThat(move(admin, p, List.of(a, "no-such-id"), false).status()).isEqualTo(404);
        assertThat(move(admin, p, List.of(), false).status()).isEqualTo(422);
        Fixtures.Machine viewer = f.machine("move-viewer-" + backend(), "no-access");
        f.member(p, viewer.id(), "viewer");
        assertThat(move(viewer.token(), p, List.of(a), false).status()).isEqualTo(403);
        assertThat(value(p, "dev", "/", "A")).isEqualTo("a");
    }
}
