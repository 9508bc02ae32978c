package dev.coffer.server.projects;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Projects and environments over real HTTP: the v1/v2 workspace and project aliases, slug rules,
 * deletion that leaves nothing behind, and environment positions that stay 1 to n without gaps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProjectsAndEnvironmentsSuite extends ProjectsApiHarness {

    // ---------------------------------------------------------------- projects

    @Test
    void projectsCreatedThroughEitherRouteGetTheThreeDefaultEnvironments() {
        for (String route : List.of("/api/v2/workspace", "/api/v1/projects")) {
            String name = "Defaults " + seq.incrementAndGet();
            Api.Response r = post(route, body("projectName", name));
            assertThat(r.status()).as("%s: %s", route, r.body()).isEqualTo(200);
            JsonNode p = r.json().get("project");
            assertThat(p.get("id").asText()).isNotBlank();
            assertThat(p.get("name").asText()).isEqualTo(name);
            assertThat(p.get("slug").asText()).isNotBlank().matches("[a-z0-9-]+");
            assertThat(p.get("orgId").asText()).isEqualTo(f.admin().orgId());
            List<String> envs = new ArrayList<>();
            for (JsonNode e : p.get("environments")) {
                assertThat(e.get("id").asText()).isNotBlank();
                envs.add(e.get("slug").asText() + "=" + e.get("name").asText());
            }
            assertThat(envs).containsExactly("dev=Development", "staging=Staging", "prod=Production");
        }
    }

    @Test
    void aProjectCanBeCreatedWithACustomSlugAndFoundByIt() {
        String slug = "custom-slug-" + seq.incrementAndGet();
        Api.Response r = post(
                "/api/v1/projects",
                body("projectName", "Custom slug", "slug", slug, "projectDescription", "described"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/project/slug").asText()).isEqualTo(slug);
        String id = r.json().at("/project/id").asText();

        Api.Response bySlug = get("/api/v1/projects/slug/" + slug);
        assertThat(bySlug.status()).as(bySlug.body()).isEqualTo(200);
        assertThat(bySlug.json().get("id").asText()).as("unwrapped project").isEqualTo(id);
        assertThat(bySlug.json().get("slug").asText()).isEqualTo(slug);
        assertThat(bySlug.json().has("project")).isFalse();
        assertThat(bySlug.json().get("environments")).hasSize(3);

        Api.Response v2 = get("/api/v2/workspace/" + slug);
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        assertThat(v2.json().get("id").asText()).isEqualTo(id);
        assertThat(v2.json().get("name").asText()).isEqualTo("Custom slug");
    }

    @Test
    void aBadSlugIs422AndCreatesNoProject() {
        int before = projectCount();
        for (String slug : List.of(
                "Has Spaces",
                "UPPER-case",
                "abc",
                "x".repeat(40),
                "-leading",
                "trailing-",
                "dots.in.it",
                "double--hyphen",
                "../etc")) {
            Api.Response r = post("/api/v2/workspace", body("projectName", "Bad slug", "slug", slug));
            assertThat(r.status()).as("slug [%s]: %s", slug, r.body()).isEqualTo(422);
            assertThat(r.json().get("error").asText()).isEqualTo("ValidationFailure");
            assertThat(r.json().get("details").toString()).contains("slug");
        }
        assertThat(projectCount()).isEqualTo(before);
    }

    @Test
    void aDuplicateSlugIs400AndLeavesTheFirstProjectAlone() {
        String slug = "taken-slug-" + seq.incrementAndGet();
        Api.Response first = post("/api/v2/workspace", body("projectName", "First", "slug", slug));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        int before = projectCount();
        Api.Response second = post("/api/v1/projects", body("projectName", "Second", "slug", slug));
        assertThat(second.status()).as(second.body()).isEqualTo(400);
        assertThat(second.message()).contains(slug);
        assertThat(projectCount()).isEqualTo(before);
        assertThat(get("/api/v1/projects/slug/" + slug).json().get("name").asText())
                .isEqualTo("First");
    }

    @Test
    void aProjectIsReadableByIdWrappedAsProjectOrWorkspace() {
        String id = f.project("By id " + seq.incrementAndGet());
        Api.Response v1 = get("/api/v1/projects/" + id);
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertThat(v1.json().at("/project/id").asText()).isEqualTo(id);
        assertThat(v1.json().at("/project/environments")).hasSize(3);

        Api.Response ws = get("/api/v1/workspace/" + id);
        assertThat(ws.status()).as(ws.body()).isEqualTo(200);
        assertThat(ws.json().at("/workspace/id").asText()).isEqualTo(id);
        assertThat(ws.json().has("project")).isFalse();

        Api.Response unknown = get("/api/v1/projects/00000000-0000-4000-8000-000000000000");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.message()).contains("00000000-0000-4000-8000-000000000000");
    }

    @Test
    void listingProjectsIncludesEveryProjectOfTheOrganization() {
        String a = f.project("Listed A " + seq.incrementAndGet());
        String b = f.project("Listed B " + seq.incrementAndGet());
        Api.Response projects = get("/api/v1/projects");
        assertThat(projects.status()).as(projects.body()).isEqualTo(200);
        assertThat(projects.json().get("projects").findValuesAsText("id")).contains(a, b);
        Api.Response workspaces = get("/api/v1/workspace");
        assertThat(workspaces.status()).as(workspaces.body()).isEqualTo(200);
        assertThat(workspaces.json().get("workspaces").findValuesAsText("id")).contains(a, b);
    }

    @Test
    void aDeletedProjectIs404EverywhereAndItsSecretsAreGone() throws SQLException {
        Api.Response created = post("/api/v2/workspace", body("projectName", "Doomed " + seq.incrementAndGet()));
        String id = created.json().at("/project/id").asText();
        String slug = created.json().at("/project/slug").asText();
        f.folder(id, "dev", "/", "deep");
        String rootSecret = f.secret(id, "dev", "/", "DOOMED", "v").get("id").asText();
        String deepSecret =
                f.secret(id, "dev", "/deep", "DOOMED_TOO", "v").get("id").asText();
        // read by slug and by id first, so any cache holds the project
        assertThat(get("/api/v1/projects/slug/" + slug).status()).isEqualTo(200);
        assertThat(get("/api/v1/projects/" + id).status()).isEqualTo(200);
        assertThat(get("/api/v3/secrets/raw?workspaceSlug=" + slug + "&environment=dev")
                        .status())
                .isEqualTo(200);

        Api.Response del = delete("/api/v1/projects/" + id, Map.of());
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        assertThat(del.json().at("/project/id").asText()).isEqualTo(id);

        assertThat(get("/api/v1/projects/" + id).status()).isEqualTo(404);
        assertThat(get("/api/v1/workspace/" + id).status()).isEqualTo(404);
        assertThat(get("/api/v1/projects/slug/" + slug).status())
                .as("by slug, right after the delete")
                .isEqualTo(404);
        assertThat(get("/api/v2/workspace/" + slug).status()).isEqualTo(404);
        assertThat(get("/api/v3/secrets/raw?workspaceId=" + id + "&environment=dev")
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/v3/secrets/raw?workspaceSlug=" + slug + "&environment=dev")
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/v1/projects").json().get("projects").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(count("SELECT count(*) FROM secrets WHERE id IN (?, ?)", rootSecret, deepSecret))
                .isZero();
        assertThat(count("SELECT count(*) FROM secret_versions WHERE secret_id IN (?, ?)", rootSecret, deepSecret))
                .isZero();
        assertThat(count("SELECT count(*) FROM environments WHERE project_id = ?", id))
                .isZero();
        assertThat(delete("/api/v1/projects/" + id, Map.of()).status())
                .as("deleting twice")
                .isEqualTo(404);
    }

    @Test
    void aDeletedSlugCanBeTakenByANewProjectAtOnce() {
        String slug = "reused-slug-" + seq.incrementAndGet();
        Api.Response old = post("/api/v2/workspace", body("projectName", "Old owner", "slug", slug));
        String oldId = old.json().at("/project/id").asText();
        f.secret(oldId, "dev", "/", "OLD_SECRET", "old");
        assertThat(get("/api/v2/workspace/" + slug).json().get("id").asText()).isEqualTo(oldId);

        Api.Response del = delete("/api/v2/workspace/" + slug, Map.of());
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        Api.Response fresh = post("/api/v2/workspace", body("projectName", "New owner", "slug", slug));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
        String newId = fresh.json().at("/project/id").asText();

        Api.Response bySlug = get("/api/v2/workspace/" + slug);
        assertThat(bySlug.status()).as(bySlug.body()).isEqualTo(200);
        assertThat(bySlug.json().get("id").asText())
                .as("the slug names the new project")
                .isEqualTo(newId);
        Api.Response secrets = get("/api/v3/secrets/raw?workspaceSlug=" + slug + "&environment=dev");
        assertThat(secrets.status()).as(secrets.body()).isEqualTo(200);
        assertThat(secrets.json().get("secrets")).isEmpty();
    }

    // ---------------------------------------------------------------- environments

    @Test
    void anEnvironmentCreatedAtAPositionShiftsTheOthersDown() throws SQLException {
        String p = f.project("Envs " + seq.incrementAndGet());
        Api.Response r =
                post("/api/v1/workspace/" + p + "/environments", body("name", "QA", "slug", "qa", "position", 2));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(r.json().get("workspace").asText()).isEqualTo(p);
        assertThat(r.json().at("/environment/slug").asText()).isEqualTo("qa");
        assertThat(r.json().at("/environment/name").asText()).isEqualTo("QA");
        assertThat(r.json().at("/environment/position").asInt()).isEqualTo(2);
        assertThat(positions(p))
                .containsExactly(
                        Map.entry("dev", 1), Map.entry("qa", 2), Map.entry("staging", 3), Map.entry("prod", 4));
        assertThat(apiOrder(p)).containsExactly("dev", "qa", "staging", "prod");

        Api.Response first =
                post("/api/v1/projects/" + p + "/environments", body("name", "Local", "slug", "local", "position", 1));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Api.Response last = post("/api/v1/workspace/" + p + "/environments", body("name", "Extra", "slug", "extra"));
        assertThat(last.json().at("/environment/position").asInt())
                .as("no position appends")
                .isEqualTo(6);
        assertThat(positions(p))
                .containsExactly(
                        Map.entry("local", 1),
                        Map.entry("dev", 2),
                        Map.entry("qa", 3),
                        Map.entry("staging", 4),
                        Map.entry("prod", 5),
                        Map.entry("extra", 6));

        f.secret(p, "qa", "/", "QA_KEY", "works");
        assertThat(f.keys(token, p, "qa", "/")).containsExactly("QA_KEY");
    }

    @Test
    void anEnvironmentCanBeRenamedAndGetANewSlug() {
        String p = f.project("Rename env " + seq.incrementAndGet());
        String staging = envId(p, "staging");
        f.secret(p, "staging", "/", "STAGED", "s");
        Api.Response r = patch(
                "/api/v1/workspace/" + p + "/environments/" + staging,
                body("name", "Pre-production", "slug", "preprod"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/environment/name").asText()).isEqualTo("Pre-production");
        assertThat(r.json().at("/environment/slug").asText()).isEqualTo("preprod");
        assertThat(r.json().at("/environment/position").asInt()).isEqualTo(2);
        JsonNode envs = get("/api/v1/projects/" + p).json().at("/project/environments");
        assertThat(envs.findValuesAsText("slug")).containsExactly("dev", "preprod", "prod");
        assertThat(envs.findValuesAsText("name")).containsExactly("Development", "Pre-production", "Production");
        assertThat(f.keys(token, p, "preprod", "/"))
                .as("secrets move with the environment")
                .containsExactly("STAGED");
        assertThat(get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=staging")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void reorderingEnvironmentsKeepsPositionsOneToNWithoutGaps() throws SQLException {
        String p = f.project("Reorder " + seq.incrementAndGet());
        post("/api/v1/workspace/" + p + "/environments", body("name", "QA", "slug", "qa"));
        // dev 1, staging 2, prod 3, qa 4
        Api.Response up = patch("/api/v1/workspace/" + p + "/environments/" + envId(p, "prod"), body("position", 1));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(up.json().at("/environment/position").asInt()).isEqualTo(1);
        assertThat(positions(p))
                .containsExactly(
                        Map.entry("prod", 1), Map.entry("dev", 2), Map.entry("staging", 3), Map.entry("qa", 4));

        Api.Response down = patch("/api/v1/workspace/" + p + "/environments/" + envId(p, "dev"), body("position", 4));
        assertThat(down.status()).as(down.body()).isEqualTo(200);
        assertThat(positions(p))
                .containsExactly(
                        Map.entry("prod", 1), Map.entry("staging", 2), Map.entry("qa", 3), Map.entry("dev", 4));

        Api.Response beyond =
                patch("/api/v1/workspace/" + p + "/environments/" + envId(p, "prod"), body("position", 99));
        assertThat(beyond.status()).as(beyond.body()).isEqualTo(200);
        assertThat(positions(p))
                .containsExactly(
                        Map.entry("staging", 1), Map.entry("qa", 2), Map.entry("dev", 3), Map.entry("prod", 4));
        assertThat(apiOrder(p)).containsExactly("staging", "qa", "dev", "prod");
    }

    @Test
    void deletingAnEnvironmentRemovesItsSecretsAndClosesTheGap() throws SQLException {
        String p = f.project("Delete env " + seq.incrementAndGet());
        f.folder(p, "staging", "/", "nested");
        String a = f.secret(p, "staging", "/", "STAGING_ROOT", "r").get("id").asText();
        String b = f.secret(p, "staging", "/nested", "STAGING_NESTED", "n")
                .get("id")
                .asText();
        f.secret(p, "dev", "/", "DEV_SURVIVES", "d");

        Api.Response r = delete("/api/v1/workspace/" + p + "/environments/" + envId(p, "staging"), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/environment/slug").asText()).isEqualTo("staging");
        assertThat(positions(p)).containsExactly(Map.entry("dev", 1), Map.entry("prod", 2));
        assertThat(get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=staging")
                        .status())
                .isEqualTo(404);
        assertThat(count("SELECT count(*) FROM secrets WHERE id IN (?, ?)", a, b))
                .isZero();
        assertThat(f.keys(token, p, "dev", "/")).containsExactly("DEV_SURVIVES");

        Api.Response again =
                post("/api/v1/workspace/" + p + "/environments", body("name", "Staging", "slug", "staging"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(f.keys(token, p, "staging", "/"))
                .as("a recreated environment starts empty")
                .isEmpty();
    }

    @Test
    void aDuplicateEnvironmentSlugIs400() throws SQLException {
        String p = f.project("Dup env " + seq.incrementAndGet());
        Api.Response create =
                post("/api/v1/workspace/" + p + "/environments", body("name", "Another dev", "slug", "dev"));
        assertThat(create.status()).as(create.body()).isEqualTo(400);
        assertThat(create.message()).contains("dev");
        Api.Response rename =
                patch("/api/v1/workspace/" + p + "/environments/" + envId(p, "prod"), body("slug", "staging"));
        assertThat(rename.status()).as(rename.body()).isEqualTo(400);
        assertThat(positions(p)).containsExactly(Map.entry("dev", 1), Map.entry("staging", 2), Map.entry("prod", 3));
        Api.Response badSlug =
                post("/api/v1/workspace/" + p + "/environments", body("name", "Bad", "slug", "Bad Slug"));
        assertThat(badSlug.status()).as(badSlug.body()).isEqualTo(422);
        assertThat(positions(p)).hasSize(3);
    }

    // ---------------------------------------------------------------- helpers

    /** Environment slugs in the order the API lists them. */
    private List<String> apiOrder(String project) {
        return get("/api/v1/projects/" + project)
                .json()
                .at("/project/environments")
                .findValuesAsText("slug");
    }

    /** slug → position as stored, in position order (the API does not expose positions of all environments at once). */
    private Map<String, Integer> positions(String project) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(server.directJdbcUrl());
                PreparedStatement ps = c.prepareStatement(
                        "SELECT slug, position FROM environments WHERE project_id = ? " + "ORDER BY position, slug")) {
            ps.setString(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private long count(String sql, String... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.directJdbcUrl());
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int projectCount() {
        return get("/api/v1/projects").json().get("projects").size();
    }
}
