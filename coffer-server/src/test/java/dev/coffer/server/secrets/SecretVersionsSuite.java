package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A secret's history through the API: Infisical's version listing (who made each version, values only
 * for those who may read them), rollback to a version (a new version equal to it), restore of a deleted
 * secret under its old id, retention of the last N versions, and concurrent rollbacks.
 */
abstract class SecretVersionsSuite extends ApiSuite {

    static final int KEPT = 20;

    abstract Backend backend();

    @Override
    protected TestServer newServer() {
        return TestServer.startKeeping(backend(), Clock.systemUTC(), KEPT);
    }

    @Test
    void everyWriteIsAVersionWithItsActorAndTheListIsNewestFirst() {
        String p = f.project("Versions");
        String id = f.secret(p, "dev", "/", "DB_URL", "one").get("id").asText();
        assertThat(update(p, "DB_URL", body("secretValue", "two", "secretComment", "second"))
                        .status())
                .isEqualTo(200);
        assertThat(update(p, "DB_URL", body("newSecretName", "DATABASE_URL")).status())
                .isEqualTo(200);
        assertThat(delete("/api/v3/secrets/raw/DATABASE_URL", body("workspaceId", p, "environment", "dev"))
                        .status())
                .isEqualTo(200);

        Api.Response r = get("/api/v1/secret/" + id + "/secret-versions?offset=0&limit=10");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode v = r.json().get("secretVersions");
        assertThat(v.findValuesAsText("version")).containsExactly("4", "3", "2", "1");
        assertThat(v.findValuesAsText("secretKey")).containsExactly("DATABASE_URL", "DATABASE_URL", "DB_URL", "DB_URL");
        assertThat(v.get(0).get("isDeleted").asBoolean()).isTrue();
        assertThat(v.get(0).get("secretValue").asText()).isEmpty();
        assertThat(v.get(1).get("secretValue").asText()).isEqualTo("two");
        assertThat(v.get(2).get("secretComment").asText()).isEqualTo("second");
        assertThat(v.get(3).get("secretValue").asText()).isEqualTo("one");
        for (JsonNode one : v) {
            assertThat(one.get("secretId").asText()).isEqualTo(id);
            assertThat(one.at("/actor/actorType").asText()).isEqualTo("identity");
            assertThat(one.at("/actor/actorId").asText()).isEqualTo(f.admin().identityId());
            assertThat(one.get("secretPath").asText()).isEqualTo("/");
            assertThat(one.get("environment").asText()).isEqualTo("dev");
        }
        Api.Response page = get("/api/v1/secret/" + id + "/secret-versions?offset=1&limit=2");
        assertThat(page.json().get("secretVersions").findValuesAsText("version"))
                .containsExactly("3", "2");
    }

    @Test
    void anOutsiderLearnsNothingAndAnUnknownIdIs404() {
        String p = f.project("Outsiders");
        String id = f.secret(p, "dev", "/", "K", "v").get("id").asText();
        Fixtures.Machine outsider = f.machine("history-outsider", "member");
        Api.Response r = api.get("/api/v1/secret/" + id + "/secret-versions", outsider.token());
        assertThat(r.status()).as(r.body()).isIn(403, 404);
        assertThat(r.body()).doesNotContain("\"v\"");
        assertThat(get("/api/v1/secret/" + java.util.UUID.randomUUID() + "/secret-versions")
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/v1/secret/not-an-id/secret-versions").status()).isEqualTo(404);
    }

    @Test
    void aViewerMayListButNotRollBack() {
        String p = f.project("Viewer history");
        String id = f.secret(p, "dev", "/", "K", "v1").get("id").asText();
        update(p, "K", body("secretValue", "v2"));
        Fixtures.Machine viewer = f.machine("history-viewer", "member");
        f.member(p, viewer.id(), "viewer");
        assertThat(api.get("/api/v1/secret/" + id + "/secret-versions", viewer.token())
                        .status())
                .isEqualTo(200);
        Api.Response r = api.post("/api/v1/secret/" + id + "/rollback", viewer.token(), body("version", 1));
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.message()).contains("changing");
    }

    @Test
    void rollingBackMakesANewVersionEqualToTheOldOneNameIncluded() {
        String p = f.project("Rollback");
        String id = f.secret(p, "dev", "/", "API_KEY", "first").get("id").asText();
        update(p, "API_KEY", body("secretValue", "second", "newSecretName", "API_TOKEN"));

        Api.Response r = post("/api/v1/secret/" + id + "/rollback", body("version", 1));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/secret/version").asLong()).isEqualTo(3);
        assertThat(r.json().at("/secret/secretKey").asText()).isEqualTo("API_KEY");
        assertThat(r.json().at("/secret/secretValue").asText()).isEqualTo("first");
        assertThat(value(p, "API_KEY")).isEqualTo("first");
        assertThat(get(secretUrl(p, "API_TOKEN")).status()).isEqualTo(404);

        assertThat(post("/api/v1/secret/" + id + "/rollback", body("version", 99))
                        .status())
                .isEqualTo(404);
        assertThat(post("/api/v1/secret/" + id + "/rollback", body()).status()).isEqualTo(422);
    }

    @Test
    void aDeletedSecretIsRestoredUnderItsOldIdWithItsHistoryContinued() {
        String p = f.project("Restore");
        String id = f.secret(p, "dev", "/", "GONE", "keep me").get("id").asText();
        update(p, "GONE", body("secretValue", "keep me too"));
        delete("/api/v3/secrets/raw/GONE", body("workspaceId", p, "environment", "dev"));
        Api.Response listed = get("/api/v1/secrets/deleted?workspaceId=" + p + "&environment=dev&secretPath=/");
        assertThat(listed.json().get("secrets").findValuesAsText("secretKey")).containsExactly("GONE");
        assertThat(post("/api/v1/secret/" + id + "/rollback", body("version", 1))
                        .status())
                .as("a deleted secret is restored, not rolled back")
                .isEqualTo(400);

        Api.Response r = post(
                "/api/v1/secrets/restore",
                body("workspaceId", p, "environment", "dev", "secretPath", "/", "secretKey", "GONE"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/secret/id").asText()).isEqualTo(id);
        assertThat(r.json().at("/secret/version").asLong()).isEqualTo(4);
        assertThat(value(p, "GONE")).isEqualTo("keep me too");
        assertThat(post("/api/v1/secrets/restore", body("workspaceId", p, "environment", "dev", "secretKey", "GONE"))
                        .status())
                .as("it exists again")
                .isEqualTo(400);
        assertThat(post("/api/v1/secrets/restore", body("workspaceId", p, "environment", "dev", "secretKey", "NEVER"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void onlyTheLastNVersionsAreKept() {
        String p = f.project("Retention");
        String id = f.secret(p, "dev", "/", "ROTATED", "v1").get("id").asText();
        for (int i = 2; i <= KEPT + 3; i++) update(p, "ROTATED", body("secretValue", "v" + i));
        JsonNode v = get("/api/v1/secret/" + id + "/secret-versions").json().get("secretVersions");
        assertThat(v).hasSize(KEPT);
        assertThat(v.get(0).get("version").asInt()).isEqualTo(KEPT + 3);
        assertThat(v.get(KEPT - 1).get("version").asInt()).isEqualTo(4);
        Api.Response pruned = post("/api/v1/secret/" + id + "/rollback", body("version", 2));
        assertThat(pruned.status()).isEqualTo(404);
        assertThat(pruned.message()).contains("last " + KEPT + " versions");
        assertThat(post("/api/v1/secret/" + id + "/rollback", body("version", 4))
                        .status())
                .isEqualTo(200);
        assertThat(value(p, "ROTATED")).isEqualTo("v4");
    }

    @Test
    void concurrentRollbacksGetConsecutiveVersions() throws Exception {
        String p = f.project("Racing rollbacks");
        String id = f.secret(p, "dev", "/", "RACE", "base").get("id").asText();
        update(p, "RACE", body("secretValue", "other"));
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Api.Response>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long target = 1 + (i % 2);
                all.add(pool.submit(() -> post("/api/v1/secret/" + id + "/rollback", body("version", target))));
            }
            List<Long> versions = new ArrayList<>();
            for (Future<Api.Response> r : all) {
                Api.Response res = r.get();
                assertThat(res.status()).as(res.body()).isEqualTo(200);
                versions.add(res.json().at("/secret/version").asLong());
            }
            assertThat(versions).doesNotHaveDuplicates();
            assertThat(versions).allSatisfy(v -> assertThat(v).isBetween(3L, 2L + n));
        } finally {
            pool.shutdownNow();
        }
    }

    private Api.Response update(String p, String key, java.util.Map<String, Object> fields) {
        java.util.Map<String, Object> b = body("workspaceId", p, "environment", "dev", "secretPath", "/");
        b.putAll(fields);
        return patch("/api/v3/secrets/raw/" + key, b);
    }

    private static String secretUrl(String p, String key) {
        return "/api/v3/secrets/raw/" + key + "?workspaceId=" + p + "&environment=dev&secretPath=/";
    }

    private String value(String p, String key) {
        Api.Response r = get(secretUrl(p, key));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/secret/secretValue").asText();
    }
}
