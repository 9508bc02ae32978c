package dev.coffer.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Invitations, organizations and memberships of people: an admin invites by email, the person accepts
 * with a password once; the instance admin creates organizations; admins change roles, deactivate and
 * remove members, never the last admin; a deactivated member's sessions end at once, on every node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrganizationsSuite {

    static final String EMAIL = "admin@example.com";
    static final String PASSWORD = "correct horse battery";

    abstract Backend backend();

    TestServer server;
    Api api;
    Fixtures f;
    String admin;
    String orgId;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
        api = server.api();
        f = new Fixtures(api);
        orgId = f.admin().orgId();
        admin = login(EMAIL, PASSWORD).json().get("accessToken").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Api.Response login(String email, String password) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password))
                .assertNoInternals("login");
    }

    Api.Response invite(String token, String org, String email, String role) {
        return api.post("/api/v1/organization/" + org + "/invite", token, Map.of("email", email, "role", role))
                .assertNoInternals("invite");
    }

    /** Invites and accepts; returns the new member's access token. */
    String member(String email, String role) {
        Api.Response inv = invite(admin, orgId, email, role);
        assertThat(inv.status()).as(inv.body()).isEqualTo(200);
        Api.Response acc = api.post(
                "/api/v1/invite-org/accept",
                null,
                Map.of("token", inv.json().get("token").asText(), "password", "Two kinds of chars"));
        assertThat(acc.status()).as(acc.body()).isEqualTo(200);
        return acc.json().get("accessToken").asText();
    }

    @Test
    void anInvitedPersonAcceptsOnceWithAPasswordAndBecomesAMemberWithTheRole() {
        Api.Response inv = invite(admin, orgId, "ana@example.com", "member");
        assertThat(inv.status()).as(inv.body()).isEqualTo(200);
        String token = inv.json().get("token").asText();
        Api.Response weak =
                api.post("/api/v1/invite-org/accept", null, Map.of("token", token, "password", "alllowercaseletters"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).contains("at least two kinds of characters");
        Api.Response ok =
                api.post("/api/v1/invite-org/accept", null, Map.of("token", token, "password", "ana's passphrase"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("role").asText()).isEqualTo("member");
        Api.Response again =
                api.post("/api/v1/invite-org/accept", null, Map.of("token", token, "password", "ana's passphrase"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.message()).contains("not valid");
        assertThat(login("ana@example.com", "ana's passphrase").status()).isEqualTo(200);
        Api.Response members = api.get("/api/v2/organizations/" + orgId + "/memberships", admin);
        assertThat(members.json().get("users").findValuesAsText("inviteEmail")).contains("ana@example.com");
    }

    @Test
    void aMemberMayNotInviteAndNobodyGrantsARoleAboveTheirOwn() {
        String bob = member("bob@example.com", "member");
        assertThat(invite(bob, orgId, "eve@example.com", "member").status()).isEqualTo(403);
        assertThat(invite(admin, orgId, "x@example.com", "owner").status()).isEqualTo(400);
    }

    @Test
    void theInstanceAdminCreatesOrganizationsAndAPersonMayBelongToSeveral() {
        Api.Response created = api.post("/api/v1/organization", admin, Map.of("name", "Second Org"))
                .assertNoInternals("create");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String second = created.json().at("/organization/id").asText();
        assertThat(created.json().at("/organization/slug").asText()).isEqualTo("second-org");
        Api.Response mine = api.get("/api/v1/organization", admin);
        assertThat(mine.json().get("organizations").findValuesAsText("id")).contains(orgId, second);
        String carol = member("carol@example.com", "admin");
        assertThat(api.post("/api/v1/organization", carol, Map.of("name", "Carol's"))
                        .status())
                .isEqualTo(403);
        Api.Response dup = api.post("/api/v1/organization", admin, Map.of("name", "Second Org"));
        assertThat(dup.status()).isEqualTo(409);
        Api.Response into = api.post(
                "/api/v1/auth/login", null, Map.of("email", EMAIL, "password", PASSWORD, "organizationId", second));
        assertThat(into.json().get("organizationId").asText()).isEqualTo(second);
    }

    @Test
    void aDeactivatedMembersSessionIsRefusedAtOnce() {
        String dan = member("dan@example.com", "member");
        assertThat(api.get("/api/v1/organization", dan).status()).isEqualTo(200);
        String id = idOf("dan@example.com");
        Api.Response off =
                api.patch("/api/v2/organizations/" + orgId + "/memberships/" + id, admin, Map.of("isActive", false));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().at("/membership/isActive").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/organization", dan).status()).isEqualTo(401);
        assertThat(login("dan@example.com", "Two kinds of chars").status()).isEqualTo(401);
    }

    @Test
    void theLastAdminUserCannotBeDemotedOrRemovedOnceNoIdentityIsAdmin() {
        // the bootstrap admin identity steps down; the bootstrap user stays the only admin
        Api.Response demote =
                api.patch("/api/v1/identities/" + f.admin().identityId(), admin, Map.of("role", "member"));
        assertThat(demote.status()).as(demote.body()).isEqualTo(200);
        try {
            String gil = member("gil@example.com", "admin");
            assertThat(gil).isNotEmpty();
            Api.Response off = api.patch(
                    "/api/v2/organizations/" + orgId + "/memberships/" + idOf("gil@example.com"),
                    admin,
                    Map.of("isActive", false));
            assertThat(off.status()).as(off.body()).isEqualTo(200);
            String me = idOf(EMAIL);
            String path = "/api/v2/organizations/" + orgId + "/memberships/" + me;
            Api.Response r = api.patch(path, admin, Map.of("role", "member")).assertNoInternals("demote");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.message()).contains("last admin");
            assertThat(api.delete(path, admin, null).status()).isEqualTo(400);
            assertThat(api.patch(path, admin, Map.of("isActive", false)).status())
                    .isEqualTo(400);
        } finally {
            api.patch("/api/v1/identities/" + f.admin().identityId(), admin, Map.of("role", "admin"));
        }
    }

    @Test
    void aRemovedMemberIsGoneAndItsSessionEnds() {
        String erin = member("erin@example.com", "member");
        String path = "/api/v2/organizations/" + orgId + "/memberships/" + idOf("erin@example.com");
        assertThat(api.delete(path, admin, null).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/organization", erin).status()).isEqualTo(401);
        assertThat(api.delete(path, admin, null).status()).isEqualTo(404);
    }

    @Test
    void aDeactivatedAdminUserDoesNotCountAsTheAdminThatLetsTheLastAdminIdentityStepDown() throws SQLException {
        try (TestServer own = TestServer.start(backend())) {
            Fixtures.Admin boss = new Fixtures(own.api()).admin();
            Properties p = new Properties();
            if (own.backend() == Backend.POSTGRES) p.setProperty("user", "postgres");
            try (Connection c = DriverManager.getConnection(own.directJdbcUrl(), p);
                    Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("UPDATE org_memberships SET deactivated_at = 1"))
                        .isEqualTo(1);
            }
            Api.Response r = own.api()
                    .patch("/api/v1/identities/" + boss.identityId(), boss.token(), Map.of("role", "member"))
                    .assertNoInternals("demote");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.message()).contains("last admin");
        }
    }

    @Test
    void infisicalsInviteShapeInvitesSeveralEmailsAndChecksThemAllFirst() {
        Api.Response bad = api.post(
                        "/api/v1/invite-org/signup",
                        admin,
                        Map.of(
                                "inviteeEmails",
                                java.util.List.of("hal@example.com", "not an email"),
                                "organizationId",
                                orgId,
                                "organizationRoleSlug",
                                "member"))
                .assertNoInternals("signup");
        assertThat(bad.status()).isEqualTo(422);
        Api.Response ok = api.post(
                "/api/v1/invite-org/signup",
                admin,
                Map.of(
                        "inviteeEmails",
                        java.util.List.of("hal@example.com", "ivy@example.com"),
                        "organizationId",
                        orgId,
                        "organizationRoleSlug",
                        "member"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().at("/completeInviteLinks/0/email").asText()).isEqualTo("hal@example.com");
        assertThat(ok.json().at("/completeInviteLinks/1/email").asText()).isEqualTo("ivy@example.com");
        String token = ok.json().at("/completeInviteLinks/1/token").asText();
        Api.Response acc =
                api.post("/api/v1/invite-org/accept", null, Map.of("token", token, "password", "Ivy's passphrase"));
        assertThat(acc.status()).as(acc.body()).isEqualTo(200);
        assertThat(acc.json().at("/user/email").asText()).isEqualTo("ivy@example.com");
    }

    @Test
    void aDeactivatedAdminUserCanNoLongerMintAnAdminIdentityToken() {
        member("jay@example.com", "admin");
        Map<String, String> creds = Map.of("email", "jay@example.com", "password", "Two kinds of chars");
        assertThat(api.post("/api/v1/admin/bootstrap/token", null, creds).status())
                .isEqualTo(200);
        Api.Response off = api.patch(
                "/api/v2/organizations/" + orgId + "/memberships/" + idOf("jay@example.com"),
                admin,
                Map.of("isActive", false));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        Api.Response r = api.post("/api/v1/admin/bootstrap/token", null, creds).assertNoInternals("mint");
        assertThat(r.status()).isEqualTo(400);
    }

    String idOf(String email) {
        for (var m : api.get("/api/v2/organizations/" + orgId + "/memberships", admin)
                .json()
                .get("users")) {
            if (m.get("inviteEmail").asText().equals(email)) return m.get("id").asText();
        }
        throw new AssertionError("no member " + email);
    }
}
