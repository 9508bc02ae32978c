package dev.coffer.server.projects;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Folders over real HTTP: folder trees created with their parents, direct and recursive listings,
 * renames and deletes that carry or remove everything inside, and path tricks that must be rejected
 * without creating anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FoldersSuite extends ProjectsApiHarness {

    // ---------------------------------------------------------------- folders

    @Test
    void creatingAFolderAtANestedPathCreatesTheMissingParents() {
        String p = f.project("Folders " + seq.incrementAndGet());
        Api.Response r =
                post("/api/v1/folders", body("workspaceId", p, "environment", "dev", "path", "/a/b", "name", "c"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode folder = r.json().get("folder");
        assertThat(folder.get("name").asText()).isEqualTo("c");
        assertThat(folder.get("id").asText()).isNotBlank();
        assertThat(folder.get("path").asText()).isEqualTo("/a/b/c");

        assertThat(names(folders(p, "/", false))).containsExactly("a");
        assertThat(names(folders(p, "/a", false))).containsExactly("b");
        assertThat(names(folders(p, "/a/b", false))).containsExactly("c");
        f.secret(p, "dev", "/a/b/c", "DEEP", "d");
        assertThat(f.keys(token, p, "dev", "/a/b/c")).containsExactly("DEEP");
    }

    @Test
    void listingFoldersIsDirectChildrenOnlyUnlessRecursiveWhichAddsRelativePaths() {
        String p = f.project("Folder list " + seq.incrementAndGet());
        f.folder(p, "dev", "/", "app");
        f.folder(p, "dev", "/app", "db");
        f.folder(p, "dev", "/app/db", "replica");
        f.folder(p, "dev", "/", "web");
        f.folder(p, "prod", "/", "prod-only");

        JsonNode direct = folders(p, "/", false);
        assertThat(names(direct)).containsExactlyInAnyOrder("app", "web");
        for (JsonNode fo : direct) {
            for (String field : List.of("id", "name", "version", "envId", "parentId", "createdAt", "updatedAt")) {
                assertThat(fo.has(field)).as("folder field %s in %s", field, fo).isTrue();
            }
        }

        Map<String, String> all = relative(folders(p, "/", true));
        assertThat(all)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("app", "/app", "db", "/app/db", "replica", "/app/db/replica", "web", "/web"));
        Map<String, String> underApp = relative(folders(p, "/app", true));
        assertThat(underApp).containsExactlyInAnyOrderEntriesOf(Map.of("db", "/db", "replica", "/db/replica"));
        assertThat(names(folders(p, "/app", false))).containsExactly("db");

        Api.Response v2 = get("/api/v2/folders?projectId=" + p + "&environment=dev&path=/app/db");
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        assertThat(names(v2.json().get("folders"))).containsExactly("replica");
    }

    @Test
    void aFolderIsReadableByIdWithItsPathEnvironmentAndProject() {
        String p = f.project("Folder get " + seq.incrementAndGet());
        String id = post("/api/v1/folders", body("workspaceId", p, "environment", "prod", "path", "/x", "name", "y"))
                .json()
                .at("/folder/id")
                .asText();
        Api.Response r = get("/api/v1/folders/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode folder = r.json().get("folder");
        assertThat(folder.get("id").asText()).isEqualTo(id);
        assertThat(folder.get("name").asText()).isEqualTo("y");
        assertThat(folder.get("path").asText()).isEqualTo("/x/y");
        assertThat(folder.get("projectId").asText()).isEqualTo(p);
        assertThat(folder.at("/environment/envSlug").asText()).isEqualTo("prod");
        assertThat(folder.at("/environment/envName").asText()).isEqualTo("Production");
        assertThat(folder.at("/environment/envId").asText()).isEqualTo(envId(p, "prod"));

        Api.Response unknown = get("/api/v1/folders/00000000-0000-4000-8000-00000000abcd");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.message()).contains("00000000-0000-4000-8000-00000000abcd");
        assertThat(get("/api/v1/folders/not-a-uuid").status()).isEqualTo(404);
    }

    @Test
    void renamingAFolderMovesItsSecretsToTheNewPath() {
        String p = f.project("Folder rename " + seq.incrementAndGet());
        String id = post("/api/v1/folders", body("workspaceId", p, "environment", "dev", "path", "/", "name", "before"))
                .json()
                .at("/folder/id")
                .asText();
        f.folder(p, "dev", "/before", "child");
        f.secret(p, "dev", "/before/child", "INSIDE", "i");

        Api.Response r = patch(
                "/api/v1/folders/" + id, body("workspaceId", p, "environment", "dev", "path", "/", "name", "after"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/folder/name").asText()).isEqualTo("after");
        assertThat(r.json().at("/folder/id").asText()).isEqualTo(id);
        assertThat(get("/api/v1/folders/" + id).json().at("/folder/path").asText())
                .isEqualTo("/after");
        assertThat(names(folders(p, "/", false))).containsExactly("after");
        assertThat(f.keys(token, p, "dev", "/after/child")).containsExactly("INSIDE");
        assertThat(get("/api/v3/secrets/raw/INSIDE?workspaceId=" + p + "&environment=dev&secretPath=/before/child")
                        .status())
                .isEqualTo(404);

        f.folder(p, "dev", "/", "sibling");
        Api.Response clash =
                patch("/api/v2/folders/" + id, body("projectId", p, "environment", "dev", "name", "sibling"));
        assertThat(clash.status()).as(clash.body()).isEqualTo(400);
        Api.Response bad = patch("/api/v1/folders/" + id, body("workspaceId", p, "environment", "dev", "name", ".."));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(names(folders(p, "/", false))).containsExactlyInAnyOrder("after", "sibling");
    }

    @Test
    void foldersAreDeletedByIdOrByNameInV1AndV2WithEverythingInside() {
        String p = f.project("Folder delete " + seq.incrementAndGet());
        String byId = post("/api/v1/folders", body("workspaceId", p, "environment", "dev", "path", "/", "name", "one"))
                .json()
                .at("/folder/id")
                .asText();
        f.folder(p, "dev", "/one", "under");
        String inside =
                f.secret(p, "dev", "/one/under", "IN_ONE", "x").get("id").asText();
        f.folder(p, "dev", "/", "two");
        f.folder(p, "dev", "/", "three");
        f.folder(p, "dev", "/", "keep");
        f.secret(p, "dev", "/keep", "KEPT", "k");

        Api.Response d1 = delete("/api/v1/folders/" + byId, body("workspaceId", p, "environment", "dev", "path", "/"));
        assertThat(d1.status()).as(d1.body()).isEqualTo(200);
        assertThat(d1.json().at("/folder/id").asText()).isEqualTo(byId);
        Api.Response d2 = delete("/api/v1/folders/two", body("workspaceId", p, "environment", "dev", "path", "/"));
        assertThat(d2.status()).as(d2.body()).isEqualTo(200);
        assertThat(d2.json().at("/folder/name").asText()).isEqualTo("two");
        Api.Response d3 = delete("/api/v2/folders/three", body("projectId", p, "environment", "dev", "path", "/"));
        assertThat(d3.status()).as(d3.body()).isEqualTo(200);
        String fourId = post("/api/v2/folders", body("projectId", p, "environment", "dev", "path", "/", "name", "four"))
                .json()
                .at("/folder/id")
                .asText();
        Api.Response d4 = delete("/api/v2/folders/" + fourId, body("projectId", p, "environment", "dev", "path", "/"));
        assertThat(d4.status()).as(d4.body()).isEqualTo(200);
        assertThat(d4.json().at("/folder/name").asText()).isEqualTo("four");

        assertThat(relative(folders(p, "/", true))).containsExactlyEntriesOf(Map.of("keep", "/keep"));
        assertThat(get("/api/v1/folders/" + byId).status()).isEqualTo(404);
        Api.Response secrets = get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&recursive=true");
        assertThat(secrets.json().get("secrets").findValuesAsText("secretKey")).containsExactly("KEPT");
        assertThat(secrets.json().get("secrets").findValuesAsText("id")).doesNotContain(inside);

        Api.Response missing =
                delete("/api/v2/folders/never-existed", body("projectId", p, "environment", "dev", "path", "/"));
        assertThat(missing.status()).as(missing.body()).isEqualTo(404);
        assertThat(missing.message()).contains("never-existed");
    }

    @Test
    void creatingAFolderThatExistsReturnsItUnchanged() {
        String p = f.project("Folder dup " + seq.incrementAndGet());
        f.folder(p, "dev", "/", "same");
        String id = get("/api/v1/folders?workspaceId=" + p + "&environment=dev")
                .json()
                .at("/folders/0/id")
                .asText();
        Api.Response r =
                post("/api/v2/folders", body("projectId", p, "environment", "dev", "path", "/", "name", "same"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/folder/id").asText()).as("the existing folder").isEqualTo(id);
        JsonNode list = folders(p, "/", false);
        assertThat(names(list)).containsExactly("same");
        assertThat(list.get(0).get("id").asText()).isEqualTo(id);
        Api.Response otherEnv =
                post("/api/v2/folders", body("projectId", p, "environment", "prod", "path", "/", "name", "same"));
        assertThat(otherEnv.status())
                .as("the same name in another environment is fine")
                .isEqualTo(200);
    }

    @Test
    void folderNamesAndPathsWithDotsEmptySegmentsBackslashesOrTrailingSpacesAre400AndCreateNothing() {
        String p = f.project("Folder tricks " + seq.incrementAndGet());
        f.folder(p, "dev", "/", "a");
        for (String name : List.of("..", ".", "a b", "x ", " x", "x\\y", "%2e%2e", "x/y", "", "x\n")) {
            Api.Response r =
                    post("/api/v1/folders", body("workspaceId", p, "environment", "dev", "path", "/a", "name", name));
            assertThat(r.status()).as("name [%s]: %s", name, r.body()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("BadRequest");
        }
        for (String path : List.of(
                "/..",
                "..",
                "/a/..",
                "/a/../a",
                "/./a",
                "/a/.",
                "//a",
                "/a//",
                "/a//b",
                "\\a",
                "/a\\b",
                "/%2e%2e",
                "/a/%2e%2e",
                "/a ",
                "/a/ ",
                " /a")) {
            Api.Response r =
                    post("/api/v1/folders", body("workspaceId", p, "environment", "dev", "path", path, "name", "made"));
            assertThat(r.status()).as("path [%s]: %s", path, r.body()).isEqualTo(400);
            Api.Response legacy = post(
                    "/api/v1/folders", body("workspaceId", p, "environment", "dev", "directory", path, "name", "made"));
            assertThat(legacy.status())
                    .as("directory [%s]: %s", path, legacy.body())
                    .isEqualTo(400);
        }
        for (String query :
                List.of("%2e%2e", "%2F%2e%2e", "/a/%2e%2e", "/a/%2E%2E/a", "%2F%2Fa", "/a%5Cb", "/a%20", "/a/.")) {
            Api.Response folders = get("/api/v1/folders?workspaceId=" + p + "&environment=dev&path=" + query);
            assertThat(folders.status())
                    .as("folder list path=%s: %s", query, folders.body())
                    .isEqualTo(400);
            Api.Response secrets = get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=" + query);
            assertThat(secrets.status())
                    .as("secret list secretPath=%s: %s", query, secrets.body())
                    .isEqualTo(400);
        }
        for (String name : List.of("%2e%2e", "%2E", "a%20", "a%5Cb", "%00")) {
            Api.Response del =
                    delete("/api/v1/folders/" + name, body("workspaceId", p, "environment", "dev", "path", "/a"));
            assertThat(del.status())
                    .as("delete folder named %s: %s", name, del.body())
                    .isEqualTo(400);
        }
        assertThat(relative(folders(p, "/", true))).containsExactlyEntriesOf(Map.of("a", "/a"));
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode folders(String p, String path, boolean recursive) {
        Api.Response r = get("/api/v1/folders?workspaceId=" + p + "&environment=dev&path=" + path
                + (recursive ? "&recursive=true" : ""));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("folders");
    }

    private static List<String> names(JsonNode folders) {
        return folders.findValuesAsText("name");
    }

    /** name → relativePath of a recursive listing. */
    private static Map<String, String> relative(JsonNode folders) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode fo : folders)
            out.put(fo.get("name").asText(), fo.path("relativePath").asText(null));
        return out;
    }

    @Test
    void aFolderBelowTheDeepestPathIsRefusedAndNothingIsCreated() {
        String p = f.project("Deep " + seq.incrementAndGet());
        StringBuilder deepest = new StringBuilder();
        for (int i = 0; i < SecretPath.MAX_DEPTH; i++) deepest.append("/d").append(i);
        // the deepest path a request can name holds secrets (its folders are created on the way) …
        Api.Response upsert = patch(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        deepest.toString(),
                        "mode",
                        "upsert",
                        "secrets",
                        List.of(body("secretKey", "AT_THE_BOTTOM", "secretValue", "x"))));
        assertThat(upsert.status()).as(upsert.body()).isEqualTo(200);
        // … but a folder below it could never be named by a path again
        Api.Response r = post(
                "/api/v1/folders",
                body("workspaceId", p, "environment", "dev", "path", deepest.toString(), "name", "below"));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.message()).contains("at most " + SecretPath.MAX_DEPTH + " deep");
        Api.Response listed =
                get("/api/v1/folders?workspaceId=" + p + "&environment=dev&path=" + deepest + "&recursive=true");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("folders")).isEmpty();
    }
}
