package dev.coffer.server.roles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Roles held by memberships: several at once (deny in one beats allow in another), temporary ones
 * ending exactly at their end time, nobody granting more than they hold, a held role not deletable.
 */
abstract class MembershipRolesSuite extends RolesHarness {

    @Test
    void aDenyRuleInOneRoleBeatsAnAllowInAnother() {
        String project = f.project("Deny " + SEQ.incrementAndGet());
        f.folder(project, "prod", "/", "ci");
        f.secret(project, "prod", "/ci", "DB_PASSWORD", "secret-db");
        f.secret(project, "prod", "/ci", "API_URL", "https://x");
        Api.Response deny = api.post(
                roles(project),
                admin.token(),
                Map.of(
                        "slug",
                        "no-passwords",
                        "name",
                        "No passwords",
                        "permissions",
                        List.of(Map.of(
                                "subject",
                                "secrets",
                                "action",
                                List.of("read", "readValue"),
                                "inverted",
                                true,
                                "conditions",
                                Map.of("secretName", Map.of("$glob", "*PASSWORD*"))))));
        assertThat(deny.status()).as(deny.body()).isEqualTo(200);
        Fixtures.Machine m = f.machine("both-" + SEQ.incrementAndGet(), "no-access");
        Api.Response add = api.post(
                membership(project, m.id()),
                admin.token(),
                Map.of("roles", List.of(Map.of("role", "viewer"), Map.of("role", "no-passwords"))));
        assertThat(add.status()).as(add.body()).isEqualTo(200);
        assertThat(add.json().at("/identityMembership/roles/1/role").asText()).isEqualTo("custom");
        assertThat(add.json().at("/identityMembership/roles/1/customRoleSlug").asText())
                .isEqualTo("no-passwords");

        assertThat(f.keys(m.token(), project, "prod", "/ci")).containsExactly("API_URL");
        assertThat(getSecret(m.token(), project, "prod", "/ci", "DB_PASSWORD").status())
                .isEqualTo(403);
        assertThat(getSecret(m.token(), project, "prod", "/ci", "API_URL").status())
                .isEqualTo(200);
    }

    @Test
    void aTemporaryRoleStopsCountingExactlyAtItsEndTime() {
        String project = f.project("Temporary " + SEQ.incrementAndGet());
        f.secret(project, "dev", "/", "KEY", "v");
        Fixtures.Machine m = f.machine("temp-" + SEQ.incrementAndGet(), "no-access");
        Instant start = clock.instant();
        Api.Response add = api.post(
                membership(project, m.id()),
                admin.token(),
                Map.of(
                        "roles",
                        List.of(Map.of(
                                "role",
                                "viewer",
                                "isTemporary",
                                true,
                                "temporaryMode",
                                "relative",
                                "temporaryRange",
                                "1h",
                                "temporaryAccessStartTime",
                                start.toString()))));
        assertThat(add.status()).as(add.body()).isEqualTo(200);
        assertThat(add.json().at("/identityMembership/roles/0/isTemporary").asBoolean())
                .isTrue();
        assertThat(Instant.parse(add.json()
                        .at("/identityMembership/roles/0/temporaryAccessEndTime")
                        .asText()))
                .isEqualTo(start.plus(Duration.ofHours(1)));

        assertThat(getSecret(m.token(), project, "dev", "/", "KEY").status()).isEqualTo(200);
        clock.advance(Duration.ofHours(1).minusMillis(1));
        assertThat(getSecret(m.token(), project, "dev", "/", "KEY").status())
                .as("one millisecond before the end")
                .isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        Api.Response after = getSecret(m.token(), project, "dev", "/", "KEY");
        assertThat(after.status()).as("at the end: %s", after.body()).isEqualTo(403);
        assertThat(after.message()).contains("temporary");
    }

    @Test
    void badTemporaryRangesAreRefusedAndWriteNothing() {
        String project = f.project("Ranges " + SEQ.incrementAndGet());
        Fixtures.Machine m = f.machine("ranges-" + SEQ.incrementAndGet(), "no-access");
        for (Map<String, Object> role : List.<Map<String, Object>>of(
                Map.of(
                        "role",
                        "viewer",
                        "isTemporary",
                        true,
                        "temporaryMode",
                        "relative",
                        "temporaryRange",
                        "-1h",
                        "temporaryAccessStartTime",
                        "2026-01-01T00:00:00Z"),
                Map.of(
                        "role",
                        "viewer",
                        "isTemporary",
                        true,
                        "temporaryMode",
                        "cron",
                        "temporaryRange",
                        "1h",
                        "temporaryAccessStartTime",
                        "2026-01-01T00:00:00Z"),
                Map.of(
                        "role",
                        "viewer",
                        "isTemporary",
                        true,
                        "temporaryMode",
                        "relative",
                        "temporaryRange",
                        "1h",
                        "temporaryAccessStartTime",
                        "yesterday"))) {
            Api.Response r = api.post(membership(project, m.id()), admin.token(), Map.of("roles", List.of(role)));
            assertThat(r.status()).as("%s → %s", role, r.body()).isEqualTo(422);
        }
        assertThat(api.get(membership(project, m.id()), admin.token()).status()).isEqualTo(404);
    }

    @Test
    void nobodyGrantsMoreThanTheyHold() {
        String project = f.project("Ceiling " + SEQ.incrementAndGet());
        Api.Response managerRole = api.post(
                roles(project),
                admin.token(),
                Map.of(
                        "slug",
                        "ci-manager",
                        "name",
                        "CI manager",
                        "permissions",
                        List.of(
                                Map.of("subject", "identity", "action", List.of("read", "create", "edit")),
                                Map.of("subject", "role", "action", List.of("read", "create")),
                                Map.of(
                                        "subject",
                                        "secrets",
                                        "action",
                                        List.of("read"),
                                        "conditions",
                                        Map.of("environment", "prod", "secretPath", Map.of("$glob", "/ci/**"))),
                                Map.of(
                                        "subject",
                                        "secret-folders",
                                        "action",
                                        List.of("read"),
                                        "conditions",
                                        Map.of("environment", "prod", "secretPath", Map.of("$glob", "/ci/**"))))));
        assertThat(managerRole.status()).as(managerRole.body()).isEqualTo(200);
        Fixtures.Machine manager = f.machine("manager-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, manager.id(), "ci-manager");
        Fixtures.Machine target = f.machine("target-" + SEQ.incrementAndGet(), "no-access");

        for (String role : List.of("admin", "member", "viewer")) {
            Api.Response r = api.post(membership(project, target.id()), manager.token(), Map.of("role", role));
            assertThat(r.status()).as("%s → %s", role, r.body()).isEqualTo(403);
            assertThat(r.message()).contains("cannot grant").contains(manager.id());
        }
        Api.Response wider = api.post(
                roles(project),
                manager.token(),
                Map.of(
                        "slug",
                        "everything-ci",
                        "name",
                        "Wider",
                        "permissions",
                        List.of(Map.of(
                                "subject",
                                "secrets",
                                "action",
                                List.of("read"),
                                "conditions",
                                Map.of("secretPath", Map.of("$glob", "/ci/**"))))));
        assertThat(wider.status())
                .as("no environment condition is wider: %s", wider.body())
                .isEqualTo(403);
        Api.Response raise = api.patch(membership(project, manager.id()), manager.token(), Map.of("role", "admin"));
        assertThat(raise.status()).as(raise.body()).isEqualTo(403);

        Api.Response narrower = api.post(
                roles(project),
                manager.token(),
                Map.of(
                        "slug",
                        "ci-deploy",
                        "name",
                        "Narrower",
                        "permissions",
                        List.of(Map.of(
                                "subject",
                                "secrets",
                                "action",
                                List.of("read"),
                                "conditions",
                                Map.of(
                                        "environment",
                                        "prod",
                                        "secretPath",
                                        Map.of("$glob", "/ci/**"),
                                        "secretName",
                                        "DEPLOY_KEY")))));
        assertThat(narrower.status()).as(narrower.body()).isEqualTo(200);
        Api.Response assign = api.post(membership(project, target.id()), manager.token(), Map.of("role", "ci-deploy"));
        assertThat(assign.status()).as(assign.body()).isEqualTo(200);
        Api.Response same = api.patch(membership(project, target.id()), manager.token(), Map.of("role", "ci-manager"));
        assertThat(same.status())
                .as("its own role is within its own: %s", same.body())
                .isEqualTo(200);
    }

    @Test
    void aRoleInUseCannotBeDeletedAndTheRefusalNamesWhoHoldsIt() {
        String project = f.project("In use " + SEQ.incrementAndGet());
        String id = api.post(roles(project), admin.token(), CI_READER)
                .json()
                .at("/role/id")
                .asText();
        Fixtures.Machine holder = f.machine("holder-" + SEQ.incrementAndGet(), "no-access");
        f.member(project, holder.id(), "ci-reader");

        Api.Response refused = api.delete(roles(project) + "/" + id, admin.token(), Map.of());
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.message()).contains(holder.id()).contains("ci-reader");

        f.member(
                project,
                f.machine("other-" + SEQ.incrementAndGet(), "no-access").id(),
                "viewer");
        assertThat(api.patch(membership(project, holder.id()), admin.token(), Map.of("role", "viewer"))
                        .status())
                .isEqualTo(200);
        Api.Response deleted = api.delete(roles(project) + "/" + id, admin.token(), Map.of());
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(api.get(roles(project), admin.token()).json().get("roles")).isEmpty();
    }
}
