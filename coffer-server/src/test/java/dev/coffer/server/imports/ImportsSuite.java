package dev.coffer.server.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Secret imports: a folder imports other folders in order; reading with {@code include_imports} shows
 * them (v4 by default), local secrets beat imported ones, the last import wins, imports of imports are
 * followed and cycles end, references inside an imported value resolve where it lives, and read
 * permission is checked on each imported folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImportsSuite {

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

    Api.Response addImport(String token, String project, String env, String path, String fromEnv, String fromPath) {
        return api.post(
                        "/api/v1/secret-imports",
                        token,
                        Map.of(
                                "workspaceId",
                                project,
                                "environment",
                                env,
                                "path",
                                path,
                                "import",
                                Map.of("environment", fromEnv, "path", fromPath)))
                .assertNoInternals("add import");
    }

    String imported(String project, String env, String path, String fromEnv, String fromPath) {
        Api.Response r = addImport(admin, project, env, path, fromEnv, fromPath);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/secretImport/id").asText();
    }

    JsonNode list(String token, String query) {
        Api.Response r = api.get(query, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** What a client sees after merging as Infisical's CLI does: local first, then imports from the last. */
    static Map<String, String> merged(JsonNode listing) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode s : listing.get("secrets"))
            out.put(s.get("secretKey").asText(), s.get("secretValue").asText());
        JsonNode imports = listing.get("imports");
        for (int i = imports.size() - 1; i >= 0; i--) {
            for (JsonNode s : imports.get(i).get("secrets")) {
                out.putIfAbsent(
                        s.get("secretKey").asText(), s.get("secretValue").asText());
            }
        }
        return out;
    }

    @Test
    void localBeatsImportedTheLastImportWinsAndV4IncludesThemByDefault() {
        String p = f.project("layers");
        f.folder(p, "dev", "/", "base");
        f.folder(p, "dev", "/", "team");
        f.folder(p, "dev", "/", "app");
        f.secret(p, "dev", "/base", "LOG_LEVEL", "info");
        f.secret(p, "dev", "/base", "REGION", "eu");
        f.secret(p, "dev", "/team", "LOG_LEVEL", "debug");
        f.secret(p, "dev", "/app", "REGION", "us");
        String first = imported(p, "dev", "/app", "dev", "/base");
        imported(p, "dev", "/app", "dev", "/team");

        JsonNode v3 = list(admin, "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/app");
        assertThat(v3.get("imports")).isEmpty();
        JsonNode with = list(
                admin,
                "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/app&include_imports=true");
        assertThat(with.get("imports")).hasSize(2);
        assertThat(with.at("/imports/0/secretPath").asText()).isEqualTo("/base");
        assertThat(with.at("/imports/0/environment").asText()).isEqualTo("dev");
        assertThat(merged(with)).containsExactlyInAnyOrderEntriesOf(Map.of("LOG_LEVEL", "debug", "REGION", "us"));
        JsonNode v4 = list(admin, "/api/v4/secrets?projectId=" + p + "&environment=dev&secretPath=/app");
        assertThat(merged(v4)).isEqualTo(merged(with));

        // reorder: base moves last and wins now
        Api.Response moved = api.patch(
                "/api/v1/secret-imports/" + first,
                admin,
                Map.of("workspaceId", p, "environment", "dev", "path", "/app", "import", Map.of("position", 2)));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().at("/secretImport/position").asInt()).isEqualTo(2);
        assertThat(merged(list(admin, "/api/v4/secrets?projectId=" + p + "&environment=dev&secretPath=/app")))
                .containsEntry("LOG_LEVEL", "info");

        JsonNode listed = list(admin, "/api/v1/secret-imports?workspaceId=" + p + "&environment=dev&path=/app")
                .get("secretImports");
        assertThat(listed.findValuesAsText("importPath")).containsExactly("/team", "/base");
        assertThat(listed.findValuesAsText("position")).containsExactly("1", "2");

        // get by name falls back to the imports only when asked (v3) or by default (v4)
        assertThat(api.get("/api/v3/secrets/raw/LOG_LEVEL?workspaceId=" + p + "&environment=dev&secretPath=/app", admin)
                        .status())
                .isEqualTo(404);
        assertThat(list(admin, "/api/v4/secrets/LOG_LEVEL?projectId=" + p + "&environment=dev&secretPath=/app")
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("info");

        Api.Response gone = api.delete(
                "/api/v1/secret-imports/" + first,
                admin,
                Map.of("workspaceId", p, "environment", "dev", "path", "/app"));
        assertThat(gone.status()).as(gone.body()).isEqualTo(200);
        assertThat(list(admin, "/api/v1/secret-imports?workspaceId=" + p + "&environment=dev&path=/app")
                        .at("/secretImports/0/position")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void importsOfImportsAreFollowedCyclesEndAndReferencesResolveWhereTheyLive() {
        String p = f.project("chains");
        f.folder(p, "prod", "/", "a");
        f.folder(p, "prod", "/", "b");
        f.folder(p, "prod", "/", "c");
        f.secret(p, "prod", "/c", "HOST", "db.internal");
        f.secret(p, "prod", "/c", "URL", "postgres://${HOST}/shop");
        f.secret(p, "prod", "/b", "HOST", "b-host");
        f.secret(p, "prod", "/a", "LOCAL", "a");
        imported(p, "prod", "/a", "prod", "/b");
        imported(p, "prod", "/b", "prod", "/c");
        imported(p, "prod", "/c", "prod", "/a"); // a cycle back to the start

        JsonNode r = list(admin, "/api/v4/secrets?projectId=" + p + "&environment=prod&secretPath=/a");
        Map<String, String> m = merged(r);
        // /b beats what /b imports (/c); URL comes from /c and resolves ${HOST} in /c, not in /a or /b
        assertThat(m).containsEntry("HOST", "b-host").containsEntry("URL", "postgres://db.internal/shop");
        assertThat(m).containsEntry("LOCAL", "a");
        List<String> order = new java.util.ArrayList<>();
        r.get("imports").forEach(i -> order.add(i.get("secretPath").asText()));
        assertThat(order).containsExactly("/c", "/b");
    }

    @Test
    void readPermissionIsCheckedOnEachImportedFolder() {
        String p = f.project("guarded");
        f.folder(p, "dev", "/", "app");
        f.folder(p, "dev", "/", "secret-stuff");
        f.secret(p, "dev", "/app", "APP", "1");
        f.secret(p, "dev", "/secret-stuff", "ROOT_PASSWORD", "hunter2");
        imported(p, "dev", "/app", "dev", "/secret-stuff");
        Api.Response role = api.post(
                "/api/v2/workspace/" + p + "/roles",
                admin,
                Map.of(
                        "slug",
                        "app-reader",
                        "name",
                        "App reader",
                        "permissions",
                        List.of(Map.of(
                                "subject",
                                "secrets",
                                "action",
                                List.of("read", "readValue"),
                                "conditions",
                                Map.of("secretPath", Map.of("$glob", "/app/**"))))));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        Fixtures.Machine app = f.machine("app-" + backend(), "no-access");
        f.member(p, app.id(), "app-reader");
        JsonNode r = list(app.token(), "/api/v4/secrets?projectId=" + p + "&environment=dev&secretPath=/app");
        assertThat(merged(r)).containsOnlyKeys("APP");
        assertThat(r.toString()).doesNotContain("hunter2");
        assertThat(api.get(
                                "/api/v4/secrets/ROOT_PASSWORD?projectId=" + p + "&environment=dev&secretPath=/app",
                                app.token())
                        .status())
                .isEqualTo(404);
        // and it cannot add an import of what it cannot read
        assertThat(addImport(app.token(), p, "dev", "/app", "dev", "/secret-stuff")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void badImportsAreRefusedAndWriteNothing() {
        String p = f.project("refusals");
        f.folder(p, "dev", "/", "app");
        assertThat(addImport(admin, p, "dev", "/app", "dev", "/app").status()).isEqualTo(400); // itself
        assertThat(addImport(admin, p, "dev", "/missing", "dev", "/").status()).isEqualTo(404);
        assertThat(addImport(admin, p, "dev", "/app", "nowhere", "/").status()).isEqualTo(404);
        assertThat(addImport(admin, p, "dev", "/app", "dev", "/../etc").status())
                .isEqualTo(400);
        assertThat(addImport(admin, p, "dev", "/app", "prod", "/").status()).isEqualTo(200);
        Api.Response twice = addImport(admin, p, "dev", "/app", "prod", "/");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.message()).contains("already imports");
        assertThat(list(admin, "/api/v1/secret-imports?workspaceId=" + p + "&environment=dev&path=/app")
                        .get("secretImports"))
                .hasSize(1);
        assertThat(api.delete(
                                "/api/v1/secret-imports/not-an-id",
                                admin,
                                Map.of("workspaceId", p, "environment", "dev", "path", "/app"))
                        .status())
                .isEqualTo(404);
    }
}
