package dev.coffer.server.projects;

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
 * People in projects: a person who creates a project is its admin and can open it at once; an admin adds
 * members of the organization by email with roles (Infisical's {@code /memberships} routes), changes and
 * removes them with immediate effect; nobody grants above their own role; leaving the organization ends
 * every project membership in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UserMembershipsSuite {

    static final String ADMIN_EMAIL = "admin@example.com";
    static final String ADMIN_PASSWORD = "correct horse battery";
    static final String PASSWORD = "Two kinds of chars";

    abstract Backend backend();

    TestServer server;
    Api api;
    String admin;
    String orgId;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
        api = server.api();
        orgId = new Fixtures(api).admin().orgId();
        admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    String login(String email, String password) {
        Api.Response r = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("accessToken").asText();
    }

    /** Invites a person into the organization with an org role, accepts; returns their session token. */
    String person(String email, String orgRole) {
        Api.Response inv =
                api.post("/api/v1/organization/" + orgId + "/invite", admin, Map.of("email", email, "role", orgRole));
        assertThat(inv.status()).as(inv.body()).isEqualTo(200);
        Api.Response acc = api.post(
                "/api/v1/invite-org/accept",
                null,
                Map.of("token", inv.json().get("token").asText(), "password", PASSWORD));
        assertThat(acc.status()).as(acc.body()).isEqualTo(200);
        return acc.json().get("accessToken").asText();
    }

    String project(String token, String name) {
        Api.Response r = api.post("/api/v2/workspace", token, Map.of("projectName", name));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/project/id").asText();
    }

    Api.Response add(String token, String project, List<String> emails, List<String> roles) {
        return api.post(
                        "/api/v2/workspace/" + project + "/memberships",
                        token,
                        Map.of("emails", emails, "roleSlugs", roles))
                .assertNoInternals("add members");
    }

    Api.Response createSecret(String token, String project, String key) {
        return api.post(
                "/api/v3/secrets/raw/" + key,
                token,
                Map.of("workspaceId", project, "environment", "dev", "secretValue", "v"));
    }

    Api.Response list(String token, String project) {
        return api.get("/api/v3/secrets/raw?workspaceId=" + project + "&environment=dev", token);
    }

    JsonNode members(String token, String project) {
        Api.Response r = api.get("/api/v1/workspace/" + project + "/memberships", token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("memberships");
    }

    static List<String> emails(JsonNode memberships) {
        List<String> out = new java.util.ArrayList<>();
        memberships.forEach(m -> out.add(m.at("/user/email").asText()));
        return out;
    }

    @Test
    void aMemberWhoCreatesAProjectIsItsAdminAndOpensItAtOnce() {
        String ana = person("ana@example.com", "member");
        String project = project(ana, "ana's project");
        assertThat(api.get("/api/v1/workspace/" + project, ana).status()).isEqualTo(200);
        assertThat(createSecret(ana, project, "API_KEY").status()).isEqualTo(200);
        assertThat(list(ana, project).json().get("secrets")).hasSize(1);
        JsonNode m = members(ana, project);
        assertThat(m).hasSize(1);
        assertThat(m.get(0).at("/user/email").asText()).isEqualTo("ana@example.com");
        assertThat(m.get(0).at("/roles/0/role").asText()).isEqualTo("admin");
        Api.Response projects = api.get("/api/v1/projects", ana);
        assertThat(projects.body()).contains(project);
    }

    @Test
    void anAdminAddsAPersonByEmailWithARoleThatDecidesWhatTheyMayDo() {
        String project = project(admin, "added");
        String bo = person("bo@example.com", "member");
        Api.Response before = list(bo, project);
        assertThat(before.status()).isEqualTo(403);
        assertThat(before.message()).contains("is not a member of project").contains("/memberships");

        Api.Response added = add(admin, project, List.of("Bo@Example.com"), List.of("viewer"));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().at("/memberships/0/user/email").asText()).isEqualTo("bo@example.com");
        assertThat(list(bo, project).status()).isEqualTo(200);
        assertThat(createSecret(bo, project, "NOPE").status()).isEqualTo(403);

        Api.Response again = add(admin, project, List.of("bo@example.com"), List.of("viewer"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.message()).contains("already a member");

        // roles change with immediate effect, by membership id
        String id = added.json().at("/memberships/0/id").asText();
        Api.Response patch = api.patch(
                "/api/v1/workspace/" + project + "/memberships/" + id,
                admin,
                Map.of("roles", List.of(Map.of("role", "member"))));
        assertThat(patch.status()).as(patch.body()).isEqualTo(200);
        assertThat(patch.json().at("/roles/0/role").asText()).isEqualTo("member");
        assertThat(createSecret(bo, project, "NOW_ALLOWED").status()).isEqualTo(200);

        Api.Response details = api.post(
                "/api/v1/workspace/" + project + "/memberships/details", admin, Map.of("username", "bo@example.com"));
        assertThat(details.status()).as(details.body()).isEqualTo(200);
        assertThat(details.json().at("/membership/id").asText()).isEqualTo(id);

        Api.Response removed = api.delete("/api/v1/workspace/" + project + "/memberships/" + id, admin, null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(list(bo, project).status()).isEqualTo(403);
    }

    @Test
    void unknownPeopleAre404AndNobodyIsAddedThen() {
        String project = project(admin, "all-or-nothing");
        person("cy@example.com", "member");
        Api.Response r = add(admin, project, List.of("cy@example.com", "nobody@example.com"), List.of("viewer"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.message()).contains("nobody@example.com").contains("invite");
        assertThat(emails(members(admin, project))).containsExactly(ADMIN_EMAIL); // its creator
        assertThat(add(admin, project, List.of(), List.of("viewer")).status()).isEqualTo(422);
        Api.Response unknownRole = add(admin, project, List.of("cy@example.com"), List.of("superuser"));
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(emails(members(admin, project))).containsExactly(ADMIN_EMAIL);
    }

    @Test
    void nobodyGrantsAboveTheirOwnRole() {
        String project = project(admin, "ceiling");
        String di = person("di@example.com", "member");
        person("ed@example.com", "member");
        assertThat(add(admin, project, List.of("di@example.com"), List.of("member"))
                        .status())
                .isEqualTo(200);
        Api.Response up = add(di, project, List.of("ed@example.com"), List.of("admin"));
        assertThat(up.status()).isEqualTo(403);
        assertThat(emails(members(admin, project))).containsExactly(ADMIN_EMAIL, "di@example.com");
    }

    @Test
    void leavingTheOrganizationEndsEveryProjectMembershipInIt() {
        String project = project(admin, "leavers");
        person("fay@example.com", "member");
        String userId = add(admin, project, List.of("fay@example.com"), List.of("viewer"))
                .json()
                .at("/memberships/0/userId")
                .asText();
        Api.Response gone = api.delete("/api/v2/organizations/" + orgId + "/memberships/" + userId, admin, null);
        assertThat(gone.status()).as(gone.body()).isEqualTo(200);
        assertThat(emails(members(admin, project))).containsExactly(ADMIN_EMAIL);
    }

    @Test
    void peopleAreRemovedByEmailToo() {
        String project = project(admin, "by-email");
        String gus = person("gus@example.com", "member");
        assertThat(add(admin, project, List.of("gus@example.com"), List.of("viewer"))
                        .status())
                .isEqualTo(200);
        Api.Response r = api.delete(
                "/api/v2/workspace/" + project + "/memberships", admin, Map.of("emails", List.of("gus@example.com")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/memberships/0/user/email").asText()).isEqualTo("gus@example.com");
        assertThat(list(gus, project).status()).isEqualTo(403);
    }
}
