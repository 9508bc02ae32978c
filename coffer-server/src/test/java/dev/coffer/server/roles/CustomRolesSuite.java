package dev.coffer.server.roles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Custom project roles through the API: the CI example of the README (read {@code prod} under
 * {@code /ci/**} and nothing else), checked as a table of places × actions; validation; reserved
 * slugs; hidden values; filtered folders and environments; other organizations; changes at once.
 */
abstract class CustomRolesSuite extends RolesHarness {
    /** One place and whether the CI reader may list and read there. */
    record Place(String env, String path, boolean readable) {}

    @Test
    void aCiRoleReadsProdUnderCiAndNothingElse() {
        String project = f.project("CI " + SEQ.incrementAndGet());
        for (String[] folder : List.of(
                new String[] {"prod", "/", "ci"},
                new String[] {"prod", "/ci", "deploy"},
                new String[] {"prod", "/", "ci-other"},
                new String[] {"prod", "/", "CI"},
                new String[] {"prod", "/", "app"},
                new String[] {"dev", "/", "ci"})) {
            f.folder(project, folder[0], folder[1], folder[2]);
        }
        List<Place> table = List.of(
                new Place("prod", "/ci", true),
                new Place("prod", "/ci/deploy", true),
                new Place("prod", "/", false),
                new Place("prod", "/ci-other", false),
                new Place("prod", "/CI", false),
                new Place("prod", "/app", false),
                new Place("dev", "/ci", false),
                new Place("staging", "/", false));
        for (Place p : table) f.secret(project, p.env(), p.path(), "TOKEN", "value at " + p.env() + p.path());
        Api.Response role = api.post(roles(project), admin.token(), CI_READER);
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        assertThat(role.json().at("/role/slug").asText()).isEqualTo("ci-reader");
        assertThat(role.json().at("/role/permissions/0/action/0").asText()).isEqualTo("read");
        Fixtures.Machine ci = f.machine("ci-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, ci.id(), "ci-reader");

        for (Place p : table) {
            Api.Response read = getSecret(ci.token(), project, p.env(), p.path(), "TOKEN");
            Api.Response list = api.get(secretsQuery(project, p.env(), p.path()), ci.token());
            if (p.readable()) {
                assertThat(read.status()).as("%s → %s", p, read.body()).isEqualTo(200);
                assertThat(read.json().at("/secret/secretValue").asText()).isEqualTo("value at " + p.env() + p.path());
                assertThat(list.json().get("secrets").findValuesAsText("secretKey"))
                        .containsExactly("TOKEN");
            } else {
                assertThat(read.status()).as("%s → %s", p, read.body()).isEqualTo(403);
                assertThat(read.message()).contains(ci.id()).contains("ci-reader");
                assertThat(read.body()).doesNotContain("value at");
                assertThat(list.body()).as("%s", p).doesNotContain("value at");
            }
            Api.Response write = api.post(
                    "/api/v3/secrets/raw/NEW",
                    ci.token(),
                    Map.of("workspaceId", project, "environment", p.env(), "secretPath", p.path(), "secretValue", "x"));
            assertThat(write.status()).as("writing at %s: %s", p, write.body()).isEqualTo(403);
        }
        Api.Response recursive = api.get(secretsQuery(project, "prod", "/") + "&recursive=true", ci.token());
        if (recursive.status() == 200) {
            assertThat(recursive.json().get("secrets").findValuesAsText("secretPath"))
                    .containsOnly("/ci", "/ci/deploy");
        }
        assertThat(api.post(
                                "/api/v2/workspace/" + project + "/identity-memberships/" + admin.identityId(),
                                ci.token(),
                                Map.of("role", "viewer"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void unknownSubjectsActionsFieldsAndOperatorsAre422NamingThem() {
        String project = f.project("Invalid " + SEQ.incrementAndGet());
        Map<Map<String, Object>, String> cases = Map.of(
                Map.of("subject", "secretz", "action", "read"), "secretz",
                Map.of("subject", "secrets", "action", "peek"), "peek",
                Map.of("subject", "environments", "action", "readValue"), "readValue",
                Map.of("subject", "secrets", "action", "read", "conditions", Map.of("owner", "me")), "owner",
                Map.of(
                                "subject",
                                "secrets",
                                "action",
                                "read",
                                "conditions",
                                Map.of("secretPath", Map.of("$regex", ".*"))),
                        "$regex",
                Map.of(
                                "subject",
                                "secrets",
                                "action",
                                "read",
                                "conditions",
                                Map.of("secretPath", Map.of("$glob", "/{a"))),
                        "unbalanced");
        for (var c : cases.entrySet()) {
            Api.Response r = api.post(
                    roles(project),
                    admin.token(),
                    Map.of("slug", "bad-" + SEQ.incrementAndGet(), "name", "Bad", "permissions", List.of(c.getKey())));
            assertThat(r.status()).as("%s → %s", c.getKey(), r.body()).isEqualTo(422);
            assertThat(r.message()).contains(c.getValue());
        }
        assertThat(api.get(roles(project), admin.token()).json().get("roles")).isEmpty();
    }

    @Test
    void theBuiltInSlugsAreReservedAndSlugsAreExact() {
        String project = f.project("Reserved " + SEQ.incrementAndGet());
        for (String slug : List.of("admin", "member", "viewer", "no-access")) {
            Api.Response r = api.post(
                    roles(project), admin.token(), Map.of("slug", slug, "name", "Mine", "permissions", List.of()));
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.message()).contains("reserved");
        }
        Api.Response upper = api.post(
                roles(project), admin.token(), Map.of("slug", "Admin", "name", "Mine", "permissions", List.of()));
        assertThat(upper.status()).as(upper.body()).isEqualTo(422);
        Api.Response made = api.post(roles(project), admin.token(), CI_READER);
        String id = made.json().at("/role/id").asText();
        Api.Response rename = api.patch(roles(project) + "/" + id, admin.token(), Map.of("slug", "admin"));
        assertThat(rename.status()).as(rename.body()).isEqualTo(400);
        Api.Response v1 = api.get("/api/v1/workspace/" + project + "/roles/slug/ci-reader", admin.token());
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertThat(v1.json().at("/role/id").asText()).isEqualTo(id);
    }

    @Test
    void changingARolesRulesTakesEffectAtOnce() {
        String project = f.project("Change " + SEQ.incrementAndGet());
        f.secret(project, "dev", "/", "KEY", "v");
        String id = api.post(
                        roles(project),
                        admin.token(),
                        Map.of(
                                "slug",
                                "dev-reader",
                                "name",
                                "Dev reader",
                                "permissions",
                                List.of(Map.of(
                                        "subject",
                                        "secrets",
                                        "action",
                                        "read",
                                        "conditions",
                                        Map.of("environment", "dev")))))
                .json()
                .at("/role/id")
                .asText();
        Fixtures.Machine m = f.machine("changed-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, m.id(), "dev-reader");
        assertThat(getSecret(m.token(), project, "dev", "/", "KEY").status()).isEqualTo(200);

        Api.Response patch = api.patch(
                "/api/v2/workspace/" + project + "/roles/" + id,
                admin.token(),
                Map.of(
                        "permissions",
                        List.of(Map.of(
                                "subject", "secrets", "action", "read", "conditions", Map.of("environment", "prod")))));
        assertThat(patch.status()).as(patch.body()).isEqualTo(200);
        assertThat(getSecret(m.token(), project, "dev", "/", "KEY").status()).isEqualTo(403);
    }

    @Test
    void aValueOneMayDescribeButNotReadComesBackHiddenInV3AndV4ListsAndGets() {
        String project = f.project("Hidden " + SEQ.incrementAndGet());
        f.secret(project, "dev", "/", "VISIBLE", "plain-value");
        f.secret(project, "dev", "/", "DB_PASSWORD", "the-real-password");
        Api.Response role = api.post(
                roles(project),
                admin.token(),
                Map.of(
                        "slug",
                        "describer",
                        "name",
                        "Describer",
                        "permissions",
                        List.of(
                                Map.of("subject", "secrets", "action", List.of("describeSecret")),
                                Map.of(
                                        "subject",
                                        "secrets",
                                        "action",
                                        List.of("readValue"),
                                        "conditions",
                                        Map.of("secretName", Map.of("$neq", "DB_PASSWORD"))))));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        Fixtures.Machine m = f.machine("describer-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, m.id(), "describer");

        for (String list : List.of(
                secretsQuery(project, "dev", "/"),
                "/api/v4/secrets?projectId=" + project + "&environment=dev&secretPath=/")) {
            Api.Response r = api.get(list, m.token());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("the-real-password").contains("plain-value");
            for (var s : r.json().get("secrets")) {
                boolean hidden = s.get("secretKey").asText().equals("DB_PASSWORD");
                assertThat(s.get("secretValueHidden").asBoolean()).as("%s", s).isEqualTo(hidden);
                if (hidden) assertThat(s.get("secretValue").asText()).isEqualTo("<hidden-by-infisical>");
            }
        }
        for (String get : List.of(
                "/api/v3/secrets/raw/DB_PASSWORD?workspaceId=" + project + "&environment=dev&secretPath=/",
                "/api/v4/secrets/DB_PASSWORD?projectId=" + project + "&environment=dev&secretPath=/")) {
            Api.Response r = api.get(get, m.token());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/secret/secretValue").asText()).isEqualTo("<hidden-by-infisical>");
            assertThat(r.json().at("/secret/secretValueHidden").asBoolean()).isTrue();
        }
        Api.Response visible = getSecret(m.token(), project, "dev", "/", "VISIBLE");
        assertThat(visible.json().at("/secret/secretValue").asText()).isEqualTo("plain-value");
        assertThat(visible.json().at("/secret/secretValueHidden").asBoolean()).isFalse();
    }

    @Test
    void foldersOneMayNotReadAreNotListed() {
        String project = f.project("Folders " + SEQ.incrementAndGet());
        for (String name : List.of("ci", "app", "ci-other")) f.folder(project, "prod", "/", name);
        api.post(roles(project), admin.token(), CI_READER);
        Api.Response folderRule = api.post(
                roles(project),
                admin.token(),
                Map.of(
                        "slug",
                        "root-folders",
                        "name",
                        "Root folder listing",
                        "permissions",
                        List.of(Map.of(
                                "subject",
                                "secret-folders",
                                "action",
                                "read",
                                "conditions",
                                Map.of("environment", "prod", "secretPath", "/")))));
        assertThat(folderRule.status()).as(folderRule.body()).isEqualTo(200);
        Fixtures.Machine ci = f.machine("folders-" + SEQ.incrementAndGet(), "no-access");
        Api.Response add = api.post(
                membership(project, ci.id()),
                admin.token(),
                Map.of("roles", List.of(Map.of("role", "ci-reader"), Map.of("role", "root-folders"))));
        assertThat(add.status()).as(add.body()).isEqualTo(200);

        Api.Response r = api.get("/api/v1/folders?workspaceId=" + project + "&environment=prod&path=/", ci.token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("folders").findValuesAsText("name")).containsExactly("ci");
    }

    @Test
    void aProjectWhoseCustomRolesAreHeldCanStillBeDeleted() {
        String project = f.project("Deleted " + SEQ.incrementAndGet());
        api.post(roles(project), admin.token(), CI_READER);
        Fixtures.Machine holder = f.machine("gone-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, holder.id(), "ci-reader");

        Api.Response deleted = api.delete("/api/v1/projects/" + project, admin.token(), Map.of());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(api.get(roles(project), admin.token()).status()).isEqualTo(404);
    }

    @Test
    void aProjectShowsOnlyTheEnvironmentsOneMayRead() {
        String project = f.project("Envs " + SEQ.incrementAndGet());
        for (String slug : List.of("settings-only", "settings-and-envs")) {
            List<Map<String, Object>> rules = slug.equals("settings-only")
                    ? List.of(Map.of("subject", "settings", "action", "read"))
                    : List.of(
                            Map.of("subject", "settings", "action", "read"),
                            Map.of("subject", "environments", "action", "read"));
            Api.Response made =
                    api.post(roles(project), admin.token(), Map.of("slug", slug, "name", slug, "permissions", rules));
            assertThat(made.status()).as(made.body()).isEqualTo(200);
        }
        Fixtures.Machine blind = f.machine("blind-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, blind.id(), "settings-only");
        Fixtures.Machine seeing = f.machine("seeing-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, seeing.id(), "settings-and-envs");

        Api.Response hidden = api.get("/api/v1/workspace/" + project, blind.token());
        assertThat(hidden.status()).as(hidden.body()).isEqualTo(200);
        assertThat(hidden.json().at("/workspace/environments")).isEmpty();
        assertThat(api.get("/api/v1/projects", blind.token()).json().at("/projects/0/environments"))
                .isEmpty();
        Api.Response shown = api.get("/api/v1/workspace/" + project, seeing.token());
        assertThat(shown.json().at("/workspace/environments").findValuesAsText("slug"))
                .containsExactly("dev", "staging", "prod");
    }

    @Test
    void anotherOrganizationGetsNothingOfAProjectsRoles() throws Exception {
        String project = f.project("Other org " + SEQ.incrementAndGet());
        String id = api.post(roles(project), admin.token(), CI_READER)
                .json()
                .at("/role/id")
                .asText();
        Fixtures.Machine stranger = f.machine("stranger-" + SEQ.incrementAndGet(), "admin");
        Fixtures.Machine victim = f.machine("victim-" + SEQ.incrementAndGet(), "no-access");
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
                ps.setString(2, stranger.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        clock.advance(Duration.ofMinutes(1)); // moved behind Coffer's back: only the caches' time bound applies

        for (Api.Response r : List.of(
                api.get(roles(project), stranger.token()),
                api.get(roles(project) + "/slug/ci-reader", stranger.token()),
                api.get("/api/v1/workspace/" + project + "/roles", stranger.token()),
                api.post(
                        roles(project),
                        stranger.token(),
                        Map.of("slug", "mine", "name", "Mine", "permissions", List.of())),
                api.patch(roles(project) + "/" + id, stranger.token(), Map.of("name", "Taken")),
                api.delete(roles(project) + "/" + id, stranger.token(), Map.of()),
                api.post(membership(project, victim.id()), stranger.token(), Map.of("role", "ci-reader")))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("ci-reader\"").doesNotContain("CI reader");
        }
        assertThat(api.get(roles(project) + "/slug/ci-reader", admin.token())
                        .json()
                        .at("/role/name")
                        .asText())
                .isEqualTo("CI reader");
        assertThat(api.get(membership(project, victim.id()), admin.token()).status())
                .isEqualTo(404);
    }
}
