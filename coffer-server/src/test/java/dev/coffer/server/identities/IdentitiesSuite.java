package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Identity CRUD over real HTTP and the organization roles behind it: only an org admin manages
 * identities, role names are exact, a demotion takes effect on the next request, and the last org admin
 * cannot be demoted or deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentitiesSuite extends UniversalAuthHarness {

    // ---------------------------------------------------------------- identity CRUD

    @Test
    void anOrgAdminCreatesReadsListsRenamesAndDeletesAnIdentity() {
        String name = "crud-" + SEQ.incrementAndGet();
        Api.Response created = api.post(
                "/api/v1/identities",
                admin.token(),
                Map.of("name", name, "organizationId", admin.orgId(), "role", "member"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().at("/identity/id").asText();
        assertThat(created.json().at("/identity/name").asText()).isEqualTo(name);
        assertThat(created.json().at("/identity/orgId").asText()).isEqualTo(admin.orgId());

        Api.Response got = api.get("/api/v1/identities/" + id, admin.token());
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.json().at("/identity/role").asText()).isEqualTo("member");
        assertThat(got.json().at("/identity/identity/name").asText()).isEqualTo(name);

        Api.Response list = api.get("/api/v1/identities?orgId=" + admin.orgId(), admin.token());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().path("identities").findValuesAsText("identityId"))
                .contains(id, admin.identityId());

        Api.Response patched = api.patch(
                "/api/v1/identities/" + id, admin.token(), Map.of("name", name + "-renamed", "role", "no-access"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/identity/name").asText()).isEqualTo(name + "-renamed");
        Api.Response after = api.get("/api/v1/identities/" + id, admin.token());
        assertThat(after.json().at("/identity/role").asText()).isEqualTo("no-access");
        assertThat(after.json().at("/identity/identity/name").asText()).isEqualTo(name + "-renamed");

        Api.Response deleted = api.delete("/api/v1/identities/" + id, admin.token(), Map.of());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/identities/" + id, admin.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), admin.token())
                        .json()
                        .path("identities")
                        .findValuesAsText("identityId"))
                .doesNotContain(id);
    }

    @Test
    void onlyAnOrgAdminCanCreateListChangeOrDeleteIdentities() {
        Cred member = machine("member", Map.of());
        String token = login(member.clientId(), member.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        String other = identity("no-access");

        Api.Response create = api.post(
                "/api/v1/identities",
                token,
                Map.of("name", "sneaky", "organizationId", admin.orgId(), "role", "admin"));
        assertThat(create.status()).as(create.body()).isEqualTo(403);
        assertThat(create.json().path("error").asText()).isEqualTo("PermissionDenied");
        assertThat(create.message()).contains(member.identityId()).contains("'member'");

        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), token).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/identities/" + other, token).status()).isEqualTo(403);
        assertThat(api.patch("/api/v1/identities/" + other, token, Map.of("name", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(api.delete("/api/v1/identities/" + other, token, Map.of()).status())
                .isEqualTo(403);
        assertThat(api.post(uaPath(other), token, Map.of()).status()).isEqualTo(403);
        assertThat(api.post(uaPath(member.identityId()) + "/client-secrets", token, Map.of())
                        .status())
                .isEqualTo(403);

        Api.Response promote = api.patch("/api/v1/identities/" + member.identityId(), token, Map.of("role", "admin"));
        assertThat(promote.status())
                .as("a member cannot promote itself: %s", promote.body())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/identities/" + member.identityId(), admin.token())
                        .json()
                        .at("/identity/role")
                        .asText())
                .isEqualTo("member");
        assertThat(api.get("/api/v1/identities/" + member.identityId(), token).status())
                .as("it may read itself")
                .isEqualTo(200);
    }

    @Test
    void organizationRoleNamesAreExactAndUnknownOnesAreRefused() {
        for (String role : List.of("Admin", "ADMIN", "owner", "")) {
            Api.Response r = api.post(
                    "/api/v1/identities",
                    admin.token(),
                    Map.of("name", "role-" + SEQ.incrementAndGet(), "organizationId", admin.orgId(), "role", role));
            assertThat(r.status()).as("%s → %s", role, r.body()).isEqualTo(400);
        }
        String id = identity("member");
        Api.Response r = api.patch("/api/v1/identities/" + id, admin.token(), Map.of("role", "Admin"));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(api.get("/api/v1/identities/" + id, admin.token())
                        .json()
                        .at("/identity/role")
                        .asText())
                .isEqualTo("member");
    }

    @Test
    void anIdentityCannotBeCreatedInAnotherOrganization() {
        Api.Response r = api.post(
                "/api/v1/identities",
                admin.token(),
                Map.of(
                        "name",
                        "elsewhere",
                        "organizationId",
                        "7d4a9a51-3f5e-4f0c-9a44-2b1f0f7e8c11",
                        "role",
                        "member"));
        assertThat(r.status()).as(r.body()).isEqualTo(403);
    }

    @Test
    void demotingAnAdminIdentityTakesEffectOnItsNextRequest() {
        Cred second = machine("admin", Map.of());
        String token = login(second.clientId(), second.clientSecret())
                .json()
                .path("accessToken")
                .asText();
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), token).status())
                .isEqualTo(200);

        Api.Response demote =
                api.patch("/api/v1/identities/" + second.identityId(), admin.token(), Map.of("role", "member"));
        assertThat(demote.status()).as(demote.body()).isEqualTo(200);

        Api.Response r = api.get("/api/v1/identities?orgId=" + admin.orgId(), token);
        assertThat(r.status()).as(r.body()).isEqualTo(403);
    }

    @Test
    void deletingAnAdminThatIsNotTheLastWorks() {
        Cred second = machine("admin", Map.of());
        String token = login(second.clientId(), second.clientSecret())
                .json()
                .path("accessToken")
                .asText();

        Api.Response r = api.delete("/api/v1/identities/" + second.identityId(), admin.token(), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), token).status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), admin.token())
                        .status())
                .isEqualTo(200);
    }

    /**
     * The bootstrap makes one admin user and one admin identity, and countOrgAdmins counts both, so
     * through the API alone the last admin identity can always be removed while the user remains.
     * Here the user's admin membership is removed directly, leaving one admin identity: it must not be
     * demoted or deleted.
     */
    @Test
    void theLastOrgAdminCannotBeDemotedOrDeleted() throws Exception {
        try (TestServer own = TestServer.start(backend())) {
            Api ownApi = own.api();
            Fixtures.Admin boss = new Fixtures(ownApi).admin();
            // a second admin identity can be removed while others remain
            Api.Response helper = ownApi.post(
                    "/api/v1/identities",
                    boss.token(),
                    Map.of("name", "helper", "organizationId", boss.orgId(), "role", "admin"));
            String helperId = helper.json().at("/identity/id").asText();
            assertThat(ownApi.delete("/api/v1/identities/" + helperId, boss.token(), Map.of())
                            .status())
                    .isEqualTo(200);

            try (Connection c = jdbc(own);
                    Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("DELETE FROM org_memberships WHERE role = 'admin'"))
                        .isEqualTo(1);
            }

            Api.Response demote =
                    ownApi.patch("/api/v1/identities/" + boss.identityId(), boss.token(), Map.of("role", "member"));
            assertThat(demote.status()).as(demote.body()).isEqualTo(400);
            assertThat(demote.message()).containsIgnoringCase("last admin");
            Api.Response delete = ownApi.delete("/api/v1/identities/" + boss.identityId(), boss.token(), Map.of());
            assertThat(delete.status()).as(delete.body()).isEqualTo(400);
            assertThat(delete.message()).containsIgnoringCase("last admin");

            Api.Response still = ownApi.get("/api/v1/identities/" + boss.identityId(), boss.token());
            assertThat(still.status()).isEqualTo(200);
            assertThat(still.json().at("/identity/role").asText()).isEqualTo("admin");
            // renaming the last admin is fine; only its role is protected
            assertThat(ownApi.patch("/api/v1/identities/" + boss.identityId(), boss.token(), Map.of("name", "root"))
                            .status())
                    .isEqualTo(200);
        }
    }
}
