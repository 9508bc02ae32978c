package dev.coffer.server.tags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Project tags through the HTTP API: create, list, read, change and delete on both route families;
 * tagIds on secret writes (validated, all or nothing), tags on secrets and their versions, the
 * tagSlugs filter, and custom-role rules with conditions on secretTags.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TagsSuite {

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

    String tag(String project, String slug) {
        Api.Response r =
                api.post("/api/v1/projects/" + project + "/tags", admin, Map.of("slug", slug, "color", "#f00"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/tag/id").asText();
    }

    Api.Response write(String method, String version, String project, String key, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put(version.equals("v3") ? "workspaceId" : "projectId", project);
        body.put("environment", "dev");
        String path = version.equals("v3") ? "/api/v3/secrets/raw/" : "/api/v4/secrets/";
        return api.send(method, path + key, admin, body, Map.of()).assertNoInternals(method + " " + key);
    }

    JsonNode list(String token, String query) {
        Api.Response r = api.get(query, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secrets");
    }

    @Test
    void tagsAreCreatedListedReadChangedAndDeletedOnBothRouteFamilies() {
        String p = f.project("tag-crud");
        Api.Response old =
                api.post("/api/v1/workspace/" + p + "/tags", admin, Map.of("slug", "db", "name", "Database"));
        assertThat(old.status()).as(old.body()).isEqualTo(200);
        JsonNode t = old.json().get("workspaceTag");
        assertThat(t.get("slug").asText()).isEqualTo("db");
        assertThat(t.get("name").asText()).isEqualTo("Database");
        assertThat(t.get("projectId").asText()).isEqualTo(p);
        assertThat(t.has("createdAt") && t.has("updatedAt") && t.has("color")).isTrue();
        String id = t.get("id").asText();
        String web = tag(p, "web");

        JsonNode listed =
                api.get("/api/v1/workspace/" + p + "/tags", admin).json().get("workspaceTags");
        assertThat(listed.findValuesAsText("slug")).containsExactly("db", "web");
        assertThat(api.get("/api/v1/projects/" + p + "/tags", admin)
                        .json()
                        .get("tags")
                        .findValuesAsText("slug"))
                .containsExactly("db", "web");
        assertThat(api.get("/api/v1/projects/" + p + "/tags/" + id, admin)
                        .json()
                        .at("/tag/slug")
                        .asText())
                .isEqualTo("db");
        assertThat(api.get("/api/v1/projects/" + p + "/tags/slug/web", admin)
                        .json()
                        .at("/tag/id")
                        .asText())
                .isEqualTo(web);
        assertThat(api.get("/api/v1/projects/" + p + "/tags/slug/nope", admin).status())
                .isEqualTo(404);

        Api.Response changed =
                api.patch("/api/v1/projects/" + p + "/tags/" + id, admin, Map.of("slug", "database", "color", "blue"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().at("/tag/slug").asText()).isEqualTo("database");
        assertThat(changed.json().at("/tag/color").asText()).isEqualTo("blue");

        Api.Response dup = api.patch("/api/v1/projects/" + p + "/tags/" + id, admin, Map.of("slug", "web"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.message()).contains("already exists");
        Api.Response dup2 = api.post("/api/v1/projects/" + p + "/tags", admin, Map.of("slug", "web"));
        assertThat(dup2.status()).isEqualTo(409);

        Api.Response deleted = api.delete("/api/v1/workspace/" + p + "/tags/" + id, admin, Map.of());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().at("/workspaceTag/id").asText()).isEqualTo(id);
        assertThat(api.delete("/api/v1/projects/" + p + "/tags/" + web, admin, Map.of())
                        .json()
                        .at("/tag/slug")
                        .asText())
                .isEqualTo("web");
        assertThat(api.get("/api/v1/projects/" + p + "/tags", admin).json().get("tags"))
                .isEmpty();
        assertThat(api.get("/api/v1/projects/" + p + "/tags/" + id, admin).status())
                .isEqualTo(404);
    }

    @Test
    void badSlugsAndOutsidersAreRefusedWithAMessage() {
        String p = f.project("tag-refusals");
        for (String bad : List.of("Has Space", "UPPER", "-lead", "a--b", "x".repeat(65), "")) {
            Api.Response r = api.post("/api/v1/projects/" + p + "/tags", admin, Map.of("slug", bad))
                    .assertNoInternals("bad slug");
            assertThat(r.status()).as("slug '%s': %s", bad, r.body()).isBetween(400, 422);
            assertThat(r.message()).containsIgnoringCase("slug");
        }
        Fixtures.Machine stranger = f.machine("tag-stranger-" + backend(), "member");
        assertThat(api.get("/api/v1/projects/" + p + "/tags", stranger.token()).status())
                .isIn(403, 404);
        assertThat(api.post("/api/v1/projects/" + p + "/tags", stranger.token(), Map.of("slug", "x"))
                        .status())
                .isIn(403, 404);
        Fixtures.Machine viewer = f.machine("tag-viewer-" + backend(), "member");
        f.member(p, viewer.id(), "viewer");
        assertThat(api.get("/api/v1/projects/" + p + "/tags", viewer.token()).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/projects/" + p + "/tags", viewer.token(), Map.of("slug", "x"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void secretsCarryTheirTagsInListsGetsAndVersionsAndTagSlugsFilters() {
        String p = f.project("tagged");
        String db = tag(p, "db");
        String web = tag(p, "web");
        Api.Response created = write("POST", "v3", p, "DB_URL", Map.of("secretValue", "pg://", "tagIds", List.of(db)));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().at("/secret/tags/0/slug").asText()).isEqualTo("db");
        assertThat(created.json().at("/secret/tags/0/color").asText()).isEqualTo("#f00");
        assertThat(write("POST", "v4", p, "WEB_PORT", Map.of("secretValue", "80", "tagIds", List.of(web, db)))
                        .status())
                .isEqualTo(200);
        f.secret(p, "dev", "/", "PLAIN", "x");

        String v3 = "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev";
        String v4 = "/api/v4/secrets?projectId=" + p + "&environment=dev";
        assertThat(list(admin, v3 + "&tagSlugs=web").findValuesAsText("secretKey"))
                .containsExactly("WEB_PORT");
        assertThat(list(admin, v4 + "&tagSlugs=db").findValuesAsText("secretKey"))
                .containsExactly("DB_URL", "WEB_PORT");
        assertThat(list(admin, v4 + "&tagSlugs=nothing").findValuesAsText("secretKey"))
                .isEmpty();
        assertThat(list(admin, v4).findValuesAsText("secretKey")).containsExactly("DB_URL", "PLAIN", "WEB_PORT");
        JsonNode one = api.get("/api/v4/secrets/WEB_PORT?projectId=" + p + "&environment=dev", admin)
                .json()
                .get("secret");
        assertThat(one.get("tags").findValuesAsText("slug")).containsExactly("db", "web");

        // an update without tagIds keeps them; with tagIds replaces them; the versions remember
        assertThat(write("PATCH", "v3", p, "DB_URL", Map.of("secretValue", "pg://2"))
                        .status())
                .isEqualTo(200);
        assertThat(write("PATCH", "v4", p, "DB_URL", Map.of("tagIds", List.of(web)))
                        .status())
                .isEqualTo(200);
        JsonNode now = api.get("/api/v3/secrets/raw/DB_URL?workspaceId=" + p + "&environment=dev", admin)
                .json()
                .get("secret");
        assertThat(now.get("tags").findValuesAsText("slug")).containsExactly("web");
        JsonNode versions = api.get("/api/v1/secret/" + now.get("id").asText() + "/secret-versions", admin)
                .json()
                .get("secretVersions");
        assertThat(versions).hasSize(3);
        assertThat(versions.get(0).get("tags").findValuesAsText("slug")).containsExactly("web");
        assertThat(versions.get(1).get("tags").findValuesAsText("slug")).containsExactly("db");
        assertThat(versions.get(2).get("tags").findValuesAsText("slug")).containsExactly("db");
        // rolling back to version 1 puts its tags back
        Api.Response rb =
                api.post("/api/v1/secret/" + now.get("id").asText() + "/rollback", admin, Map.of("version", 1));
        assertThat(rb.status()).as(rb.body()).isEqualTo(200);
        assertThat(list(admin, v3 + "&tagSlugs=db").findValuesAsText("secretKey"))
                .containsExactly("DB_URL", "WEB_PORT");

        // deleting a tag takes it off every secret
        assertThat(api.delete("/api/v1/projects/" + p + "/tags/" + db, admin, Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(list(admin, v4 + "&tagSlugs=db")).isEmpty();
        assertThat(list(admin, v4 + "&tagSlugs=web").findValuesAsText("secretKey"))
                .containsExactly("WEB_PORT");
    }

    @Test
    void rollingAFolderBackToATimePutsBackTheTagsItsSecretsHadThen() throws Exception {
        String p = f.project("tags-recovered");
        String db = tag(p, "db");
        String web = tag(p, "web");
        String gone = tag(p, "gone");
        assertThat(write("POST", "v4", p, "DB_URL", Map.of("secretValue", "pg://", "tagIds", List.of(db, gone)))
                        .status())
                .isEqualTo(200);
        assertThat(write("POST", "v4", p, "OLD", Map.of("secretValue", "o", "tagIds", List.of(web)))
                        .status())
                .isEqualTo(200);
        Thread.sleep(5); // commits are found by time: the next change must come after this instant
        Instant then = Instant.now();
        Thread.sleep(5);
        // only the tags change (and one secret goes), then one of the old tags is deleted
        assertThat(write("PATCH", "v4", p, "DB_URL", Map.of("tagIds", List.of(web)))
                        .status())
                .isEqualTo(200);
        assertThat(api.send(
                                "DELETE",
                                "/api/v4/secrets/OLD",
                                admin,
                                Map.of("projectId", p, "environment", "dev"),
                                Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(api.delete("/api/v1/projects/" + p + "/tags/" + gone, admin, Map.of())
                        .status())
                .isEqualTo(200);

        Api.Response r = api.post(
                "/api/v1/folder-commits/rollback",
                admin,
                Map.of("projectId", p, "environment", "dev", "path", "/", "timestamp", then.toString()));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String v4 = "/api/v4/secrets?projectId=" + p + "&environment=dev";
        assertThat(list(admin, v4 + "&tagSlugs=db").findValuesAsText("secretKey"))
                .containsExactly("DB_URL");
        assertThat(list(admin, v4 + "&tagSlugs=web").findValuesAsText("secretKey"))
                .containsExactly("OLD");
        JsonNode dbUrl = api.get("/api/v4/secrets/DB_URL?projectId=" + p + "&environment=dev", admin)
                .json()
                .get("secret");
        assertThat(dbUrl.get("tags").findValuesAsText("slug")).containsExactly("db"); // "gone" stays gone
    }

    @Test
    void aTagRenamedOrRecolouredShowsSoInTheNextListOfItsSecrets() {
        String p = f.project("renamed-tag");
        String id = tag(p, "cache");
        assertThat(write("POST", "v3", p, "REDIS", Map.of("secretValue", "r://", "tagIds", List.of(id)))
                        .status())
                .isEqualTo(200);
        String v3 = "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev";
        assertThat(list(admin, v3).findValuesAsText("slug")).containsExactly("cache");

        Api.Response renamed =
                api.patch("/api/v1/projects/" + p + "/tags/" + id, admin, Map.of("slug", "redis", "color", "red"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);

        JsonNode listed = list(admin, v3);
        assertThat(listed.findValuesAsText("slug")).containsExactly("redis");
        assertThat(listed.findValuesAsText("color")).containsExactly("red");
    }

    @Test
    void unknownOrForeignTagIdsAreRefusedByNameAndNothingIsWritten() {
        String p = f.project("tag-ids");
        String other = f.project("tag-ids-other");
        String mine = tag(p, "mine");
        String theirs = tag(other, "theirs");
        Api.Response foreign = write("POST", "v3", p, "A", Map.of("secretValue", "1", "tagIds", List.of(mine, theirs)));
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(400);
        assertThat(foreign.message()).contains(theirs).contains("Nothing was written");
        String unknown = "00000000-0000-4000-8000-000000000000";
        Api.Response batch = api.post(
                        "/api/v4/secrets/batch",
                        admin,
                        Map.of(
                                "projectId",
                                p,
                                "environment",
                                "dev",
                                "secrets",
                                List.of(
                                        Map.of("secretKey", "B", "secretValue", "1", "tagIds", List.of(mine)),
                                        Map.of("secretKey", "C", "secretValue", "1", "tagIds", List.of(unknown)))))
                .assertNoInternals("batch");
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.message()).contains(unknown);
        assertThat(f.keys(admin, p, "dev", "/")).isEmpty();
        Api.Response notStrings = write("POST", "v3", p, "D", Map.of("secretValue", "1", "tagIds", List.of(1, 2)));
        assertThat(notStrings.status()).isBetween(400, 422);
        f.secret(p, "dev", "/", "E", "1");
        Api.Response update = write("PATCH", "v4", p, "E", Map.of("tagIds", List.of(theirs)));
        assertThat(update.status()).isEqualTo(400);
        assertThat(api.get("/api/v4/secrets/E?projectId=" + p + "&environment=dev", admin)
                        .json()
                        .at("/secret/tags"))
                .isEmpty();
    }

    @Test
    void secretTagsConditionsOfCustomRolesMatchTheSecretsTags() {
        String p = f.project("tag-rules");
        String pub = tag(p, "public");
        String priv = tag(p, "private");
        write("POST", "v3", p, "OPEN", Map.of("secretValue", "open-value", "tagIds", List.of(pub)));
        write("POST", "v3", p, "BOTH", Map.of("secretValue", "both-value", "tagIds", List.of(pub, priv)));
        write("POST", "v3", p, "CLOSED", Map.of("secretValue", "closed-value", "tagIds", List.of(priv)));
        write("POST", "v3", p, "UNTAGGED", Map.of("secretValue", "untagged-value"));
        record Case(String slug, Map<String, Object> conditions, List<String> sees) {}
        List<Case> cases = List.of(
                new Case("in-public", Map.of("$in", List.of("public")), List.of("BOTH", "OPEN")),
                new Case("in-either", Map.of("$in", List.of("public", "private")), List.of("BOTH", "CLOSED", "OPEN")),
                new Case("in-none", Map.of("$in", List.of("nothing")), List.of()));
        for (Case c : cases) {
            Api.Response role = api.post(
                    "/api/v2/workspace/" + p + "/roles",
                    admin,
                    Map.of(
                            "slug",
                            c.slug(),
                            "name",
                            c.slug(),
                            "permissions",
                            List.of(Map.of(
                                    "subject",
                                    "secrets",
                                    "action",
                                    List.of("read", "readValue"),
                                    "conditions",
                                    Map.of("secretTags", c.conditions())))));
            assertThat(role.status()).as(role.body()).isEqualTo(200);
            Fixtures.Machine m = f.machine(c.slug() + "-" + backend(), "no-access");
            f.member(p, m.id(), c.slug());
            Api.Response r = api.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev", m.token());
            List<String> seen = r.status() == 200 ? r.json().get("secrets").findValuesAsText("secretKey") : List.of();
            assertThat(seen).as(c.slug()).containsExactlyElementsOf(c.sees());
            for (String key : List.of("OPEN", "BOTH", "CLOSED", "UNTAGGED")) {
                int status = api.get("/api/v4/secrets/" + key + "?projectId=" + p + "&environment=dev", m.token())
                        .status();
                assertThat(status)
                        .as("%s reading %s", c.slug(), key)
                        .isEqualTo(c.sees().contains(key) ? 200 : 403);
            }
            assertThat(r.body()).doesNotContain("untagged-value");
        }
    }
}
