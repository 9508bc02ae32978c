package dev.coffer.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The project role matrix, exercised through the secrets API ({@code /api/v3/secrets/raw}) and the
 * folder, environment and membership routes: non-members, viewer, member, admin, no-access, org
 * admins, exact role slugs, other organizations, and membership changes taking effect at once.
 *
 * <p>One server per class; every test makes its own project and identities.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PermissionsSuite {

    abstract Backend backend();

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final TestClock clock = new TestClock();
    private TestServer server;
    private Api api;
    private Fixtures f;
    private Fixtures.Admin admin;

    @BeforeAll
    void startServer() {
        server = TestServer.start(backend(), clock);
        api = server.api();
        f = new Fixtures(api);
        admin = f.admin();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    // ---------------------------------------------------------------- outside the project

    @Test
    void anIdentityOutsideTheProjectGets403NamingItselfTheProjectAndHowToBeAdded() {
        String name = "Billing " + SEQ.incrementAndGet();
        String project = f.project(name);
        f.secret(project, "dev", "/", "DB_PASSWORD", "hunter2");
        Fixtures.Machine outsider = f.machine("outsider-" + SEQ.incrementAndGet(), "member");

        List<Api.Response> attempts = List.of(
                list(outsider.token(), project),
                get(outsider.token(), project, "DB_PASSWORD"),
                create(outsider.token(), project, "NEW_KEY", "v"),
                update(outsider.token(), project, "DB_PASSWORD", "x"),
                delete(outsider.token(), project, "DB_PASSWORD"));
        for (Api.Response r : attempts) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().path("error").asText()).isEqualTo("PermissionDenied");
            assertThat(r.json().path("statusCode").asInt()).isEqualTo(403);
            assertThat(r.message())
                    .contains(outsider.id())
                    .contains(name)
                    .contains(project)
                    .contains("identity-memberships")
                    .contains("not a member");
            assertThat(r.body()).doesNotContain("hunter2");
        }
        assertThat(f.keys(admin.token(), project, "dev", "/")).containsExactly("DB_PASSWORD");
        assertThat(get(admin.token(), project, "DB_PASSWORD")
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("hunter2");
    }

    // ---------------------------------------------------------------- the built-in roles

    @Test
    void aViewerReadsSecretsButCannotCreateChangeOrDeleteThem() {
        String project = f.project("Viewer " + SEQ.incrementAndGet());
        f.secret(project, "dev", "/", "API_KEY", "original");
        Fixtures.Machine viewer = f.machine("viewer-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, viewer.id(), "viewer");

        assertThat(f.keys(viewer.token(), project, "dev", "/")).containsExactly("API_KEY");
        Api.Response read = get(viewer.token(), project, "API_KEY");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().at("/secret/secretValue").asText()).isEqualTo("original");

        for (Api.Response r : List.of(
                create(viewer.token(), project, "OTHER", "v"),
                update(viewer.token(), project, "API_KEY", "changed"),
                delete(viewer.token(), project, "API_KEY"),
                folder(viewer.token(), project, "nope"))) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().path("error").asText()).isEqualTo("PermissionDenied");
            assertThat(r.message()).contains("'viewer'").contains(viewer.id());
        }
        assertThat(f.keys(admin.token(), project, "dev", "/")).containsExactly("API_KEY");
        assertThat(get(admin.token(), project, "API_KEY")
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("original");
    }

    @Test
    void aMemberReadsAndWritesSecretsAndFoldersButCannotManageMembersOrEnvironments() {
        String project = f.project("Member " + SEQ.incrementAndGet());
        Fixtures.Machine member = f.machine("member-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, member.id(), "member");
        Fixtures.Machine other = f.machine("other-" + SEQ.incrementAndGet(), "no-access");

        assertThat(create(member.token(), project, "KEY", "one").status()).isEqualTo(200);
        assertThat(get(member.token(), project, "KEY")
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("one");
        assertThat(update(member.token(), project, "KEY", "two").status()).isEqualTo(200);
        assertThat(get(member.token(), project, "KEY")
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("two");
        assertThat(f.keys(member.token(), project, "dev", "/")).containsExactly("KEY");
        assertThat(delete(member.token(), project, "KEY").status()).isEqualTo(200);
        assertThat(f.keys(member.token(), project, "dev", "/")).isEmpty();

        Api.Response folder = folder(member.token(), project, "app");
        assertThat(folder.status()).as(folder.body()).isEqualTo(200);
        Api.Response inFolder = api.post(
                "/api/v3/secrets/raw/NESTED",
                member.token(),
                Map.of("workspaceId", project, "environment", "dev", "secretPath", "/app", "secretValue", "n"));
        assertThat(inFolder.status()).as(inFolder.body()).isEqualTo(200);
        assertThat(f.keys(member.token(), project, "dev", "/app")).containsExactly("NESTED");

        Api.Response add = addMember(member.token(), project, other.id(), "viewer");
        assertThat(add.status()).as(add.body()).isEqualTo(403);
        assertThat(add.message()).contains("'member'");
        Api.Response env = environment(member.token(), project, "qa");
        assertThat(env.status()).as(env.body()).isEqualTo(403);
        assertThat(env.message()).contains("'member'").contains("environments");
        assertThat(list(other.token(), project).status())
                .as("the add did not happen")
                .isEqualTo(403);
    }

    @Test
    void aProjectAdminManagesMembersAndEnvironments() {
        String project = f.project("Admin " + SEQ.incrementAndGet());
        Fixtures.Machine projectAdmin = f.machine("padmin-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, projectAdmin.id(), "admin");
        Fixtures.Machine newcomer = f.machine("newcomer-" + SEQ.incrementAndGet(), "no-access");

        Api.Response add = addMember(projectAdmin.token(), project, newcomer.id(), "viewer");
        assertThat(add.status()).as(add.body()).isEqualTo(200);
        assertThat(list(newcomer.token(), project).status()).isEqualTo(200);

        Api.Response env = environment(projectAdmin.token(), project, "qa");
        assertThat(env.status()).as(env.body()).isEqualTo(200);
        Api.Response inQa = api.post(
                "/api/v3/secrets/raw/QA_KEY",
                projectAdmin.token(),
                Map.of("workspaceId", project, "environment", "qa", "secretPath", "/", "secretValue", "q"));
        assertThat(inQa.status()).as(inQa.body()).isEqualTo(200);
        assertThat(create(projectAdmin.token(), project, "DEV_KEY", "d").status())
                .isEqualTo(200);
        assertThat(delete(projectAdmin.token(), project, "DEV_KEY").status()).isEqualTo(200);
    }

    @Test
    void aNoAccessMembershipIsRefusedEvenForReads() {
        String project = f.project("NoAccess " + SEQ.incrementAndGet());
        f.secret(project, "dev", "/", "HIDDEN", "v");
        Fixtures.Machine none = f.machine("none-" + SEQ.incrementAndGet(), "member");
        f.member(project, none.id(), "no-access");

        for (Api.Response r : List.of(
                list(none.token(), project),
                get(none.token(), project, "HIDDEN"),
                create(none.token(), project, "K", "v"))) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.message()).contains("'no-access'");
            assertThat(r.body()).doesNotContain("\"secretValue\"");
        }
        assertThat(api.get("/api/v1/projects/" + project, none.token()).status())
                .isEqualTo(403);
    }

    @Test
    void theProjectListShowsANoAccessMemberNothingOfTheProjectItMayNotOpen() {
        String name = "Unlisted " + SEQ.incrementAndGet();
        String project = f.project(name);
        Fixtures.Machine none = f.machine("unlisted-" + SEQ.incrementAndGet(), "member");
        f.member(project, none.id(), "no-access");

        for (String route : List.of("/api/v1/projects", "/api/v1/workspace")) {
            Api.Response r = api.get(route, none.token());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).as(route).doesNotContain(project).doesNotContain(name);
        }
        Api.Response promote = api.patch(
                "/api/v2/workspace/" + project + "/identity-memberships/" + none.id(),
                admin.token(),
                Map.of("role", "viewer"));
        assertThat(promote.status()).as(promote.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/projects", none.token()).body())
                .as("listed once it may read it")
                .contains(project);
    }

    @Test
    void anOrgAdminIdentityActsInEveryProjectOfItsOrganizationWithoutMembership() {
        String first = f.project("Org A " + SEQ.incrementAndGet());
        String second = f.project("Org B " + SEQ.incrementAndGet());
        Fixtures.Machine boss = f.machine("boss-" + SEQ.incrementAndGet(), "admin");
        Fixtures.Machine someone = f.machine("someone-" + SEQ.incrementAndGet(), "no-access");

        for (String project : List.of(first, second)) {
            assertThat(create(boss.token(), project, "BOSS_KEY", "b").status()).isEqualTo(200);
            assertThat(f.keys(boss.token(), project, "dev", "/")).containsExactly("BOSS_KEY");
            assertThat(update(boss.token(), project, "BOSS_KEY", "c").status()).isEqualTo(200);
            assertThat(delete(boss.token(), project, "BOSS_KEY").status()).isEqualTo(200);
            assertThat(environment(boss.token(), project, "qa").status()).isEqualTo(200);
            assertThat(addMember(boss.token(), project, someone.id(), "viewer").status())
                    .isEqualTo(200);
        }
        Api.Response memberships = api.get("/api/v2/workspace/" + first + "/identity-memberships", admin.token());
        assertThat(memberships.json().path("identityMemberships").toString()).doesNotContain(boss.id());
    }

    // ---------------------------------------------------------------- escalation

    @Test
    void roleSlugsAreExactSoCaseVariantsAreRefused() {
        String project = f.project("Slugs " + SEQ.incrementAndGet());
        Fixtures.Machine target = f.machine("target-" + SEQ.incrementAndGet(), "no-access");

        for (Object body : List.<Object>of(
                Map.of("role", "Admin"),
                Map.of("role", "ADMIN"),
                Map.of("role", " admin"),
                Map.of("role", "owner"),
                Map.of("roles", List.of(Map.of("role", "Admin", "isTemporary", false))))) {
            Api.Response r = api.post(membershipPath(project, target.id()), admin.token(), body);
            assertThat(r.status()).as("%s → %s", body, r.body()).isEqualTo(400);
            assertThat(r.json().path("error").asText()).isEqualTo("BadRequest");
        }
        assertThat(api.get(membershipPath(project, target.id()), admin.token()).status())
                .as("no membership made")
                .isEqualTo(404);
        assertThat(list(target.token(), project).status()).isEqualTo(403);

        f.member(project, target.id(), "viewer");
        Api.Response patch = api.patch(membershipPath(project, target.id()), admin.token(), Map.of("role", "Admin"));
        assertThat(patch.status()).as(patch.body()).isEqualTo(400);
        assertThat(create(target.token(), project, "K", "v").status())
                .as("still a viewer")
                .isEqualTo(403);
    }

    @Test
    void aMemberCannotAddMembershipsOrRaiseItsOwnRole() {
        String project = f.project("Escalation " + SEQ.incrementAndGet());
        Fixtures.Machine member = f.machine("climber-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, member.id(), "member");
        Fixtures.Machine friend = f.machine("friend-" + SEQ.incrementAndGet(), "no-access");

        Api.Response add = addMember(member.token(), project, friend.id(), "admin");
        assertThat(add.status()).as(add.body()).isEqualTo(403);
        assertThat(add.json().path("error").asText()).isEqualTo("PermissionDenied");
        Api.Response raise = api.patch(membershipPath(project, member.id()), member.token(), Map.of("role", "admin"));
        assertThat(raise.status()).as(raise.body()).isEqualTo(403);
        Api.Response removeAdmin = api.delete(membershipPath(project, admin.identityId()), member.token(), Map.of());
        assertThat(removeAdmin.status()).as(removeAdmin.body()).isEqualTo(403);

        assertThat(environment(member.token(), project, "qa2").status()).isEqualTo(403);
        assertThat(list(friend.token(), project).status()).isEqualTo(403);
        assertThat(api.get(membershipPath(project, member.id()), admin.token())
                        .json()
                        .at("/identityMembership/roles/0/role")
                        .asText())
                .isEqualTo("member");
    }

    // ---------------------------------------------------------------- other organizations

    @Test
    void anIdentityMovedToAnotherOrganizationCannotTouchTheFirstOrganization() throws Exception {
        String project = f.project("Cross org " + SEQ.incrementAndGet());
        f.secret(project, "dev", "/", "SHARED", "s");
        Fixtures.Machine mover = f.machine("mover-" + SEQ.incrementAndGet(), "admin");
        f.member(project, mover.id(), "admin");
        Fixtures.Machine bystander = f.machine("bystander-" + SEQ.incrementAndGet(), "member");
        assertThat(list(mover.token(), project).status()).as("before the move").isEqualTo(200);
        assertThat(api.get("/api/v1/identities?orgId=" + admin.orgId(), mover.token())
                        .status())
                .isEqualTo(200);

        String otherOrg = UUID.randomUUID().toString();
        try (Connection c = jdbc()) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO organizations (id, name, slug, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, otherOrg);
                ps.setString(2, "Other Corp");
                ps.setString(3, "other-" + otherOrg.substring(0, 8));
                ps.setLong(4, clock.millis());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE identities SET org_id = ? WHERE id = ?")) {
                ps.setString(1, otherOrg);
                ps.setString(2, mover.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        // moved behind Coffer's back, so no invalidation was sent: only the caches' time bound applies
        clock.advance(Duration.ofMinutes(1));

        assertThat(api.get("/api/v1/identities/" + mover.id(), mover.token())
                        .json()
                        .at("/identity/orgId")
                        .asText())
                .as("the token now speaks for the other organization")
                .isEqualTo(otherOrg);
        for (Api.Response r : List.of(
                list(mover.token(), project),
                get(mover.token(), project, "SHARED"),
                create(mover.token(), project, "INTRUDER", "x"),
                update(mover.token(), project, "SHARED", "x"),
                delete(mover.token(), project, "SHARED"),
                api.get("/api/v1/projects/" + project, mover.token()),
                addMember(mover.token(), project, bystander.id(), "admin"),
                environment(mover.token(), project, "evil"))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.message()).containsIgnoringCase("not found");
            assertThat(r.body()).doesNotContain("Cross org");
        }
        Api.Response listIdentities = api.get("/api/v1/identities?orgId=" + admin.orgId(), mover.token());
        assertThat(listIdentities.status()).as(listIdentities.body()).isEqualTo(403);
        Api.Response createIdentity = api.post(
                "/api/v1/identities",
                mover.token(),
                Map.of("name", "planted", "organizationId", admin.orgId(), "role", "admin"));
        assertThat(createIdentity.status()).as(createIdentity.body()).isEqualTo(403);
        assertThat(api.get("/api/v1/identities/" + bystander.id(), mover.token())
                        .status())
                .isEqualTo(404);
        assertThat(api.patch("/api/v1/identities/" + bystander.id(), mover.token(), Map.of("role", "admin"))
                        .status())
                .isEqualTo(404);
        assertThat(api.post(
                                "/api/v1/auth/universal-auth/identities/" + bystander.id() + "/client-secrets",
                                mover.token(),
                                Map.of())
                        .status())
                .isEqualTo(404);
        Api.Response projects = api.get("/api/v1/projects", mover.token());
        assertThat(projects.status()).isEqualTo(200);
        assertThat(projects.body()).doesNotContain(project);
        Api.Response listOwnOrg = api.get("/api/v1/identities", mover.token());
        assertThat(listOwnOrg.body()).doesNotContain(bystander.id()).doesNotContain(admin.identityId());

        assertThat(f.keys(admin.token(), project, "dev", "/")).containsExactly("SHARED");
        assertThat(get(admin.token(), project, "SHARED")
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("s");
        assertThat(api.get("/api/v1/identities/" + bystander.id(), admin.token())
                        .json()
                        .at("/identity/role")
                        .asText())
                .isEqualTo("member");
        assertThat(api.get("/api/v1/identities/" + mover.id(), admin.token()).status())
                .as("the first org cannot see the moved identity")
                .isEqualTo(404);
    }

    // ---------------------------------------------------------------- changes take effect at once

    @Test
    void aRemovedMembershipIsRefusedOnTheVeryNextRequest() {
        String project = f.project("Removal " + SEQ.incrementAndGet());
        Fixtures.Machine leaver = f.machine("leaver-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, leaver.id(), "member");
        assertThat(list(leaver.token(), project).status()).isEqualTo(200); // membership now cached on this node

        Api.Response removed = api.delete(membershipPath(project, leaver.id()), admin.token(), Map.of());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);

        Api.Response r = list(leaver.token(), project);
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.message()).contains("not a member");
        assertThat(create(leaver.token(), project, "LATE", "x").status()).isEqualTo(403);
    }

    @Test
    void aLoweredRoleIsEnforcedOnTheVeryNextRequest() {
        String project = f.project("Demotion " + SEQ.incrementAndGet());
        Fixtures.Machine m = f.machine("demoted-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, m.id(), "member");
        assertThat(create(m.token(), project, "FIRST", "1").status()).isEqualTo(200);

        Api.Response patched = api.patch(membershipPath(project, m.id()), admin.token(), Map.of("role", "viewer"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        Api.Response r = create(m.token(), project, "SECOND", "2");
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.message()).contains("'viewer'");
        assertThat(list(m.token(), project).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    private static String query(String project) {
        return "workspaceId=" + project + "&environment=dev&secretPath=/";
    }

    private static Map<String, Object> location(String project) {
        Map<String, Object> m = new HashMap<>();
        m.put("workspaceId", project);
        m.put("environment", "dev");
        m.put("secretPath", "/");
        return m;
    }

    private Api.Response list(String token, String project) {
        return api.get("/api/v3/secrets/raw?" + query(project), token);
    }

    private Api.Response get(String token, String project, String key) {
        return api.get("/api/v3/secrets/raw/" + key + "?" + query(project), token);
    }

    private Api.Response create(String token, String project, String key, String value) {
        Map<String, Object> body = location(project);
        body.put("secretValue", value);
        return api.post("/api/v3/secrets/raw/" + key, token, body);
    }

    private Api.Response update(String token, String project, String key, String value) {
        Map<String, Object> body = location(project);
        body.put("secretValue", value);
        return api.patch("/api/v3/secrets/raw/" + key, token, body);
    }

    private Api.Response delete(String token, String project, String key) {
        return api.delete("/api/v3/secrets/raw/" + key, token, location(project));
    }

    private Api.Response folder(String token, String project, String name) {
        return api.post(
                "/api/v1/folders",
                token,
                Map.of("workspaceId", project, "environment", "dev", "path", "/", "name", name));
    }

    private Api.Response environment(String token, String project, String slug) {
        return api.post(
                "/api/v1/workspace/" + project + "/environments",
                token,
                Map.of("name", slug.toUpperCase(), "slug", slug));
    }

    private static String membershipPath(String project, String identityId) {
        return "/api/v2/workspace/" + project + "/identity-memberships/" + identityId;
    }

    private Api.Response addMember(String token, String project, String identityId, String role) {
        return api.post(membershipPath(project, identityId), token, Map.of("role", role));
    }

    private Connection jdbc() throws SQLException {
        Properties p = new Properties();
        if (server.backend() == Backend.POSTGRES) p.setProperty("user", "postgres");
        return DriverManager.getConnection(server.directJdbcUrl(), p);
    }
}
