package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's tags, version comparison, commits and point-in-time recovery over plain HTTP: what the
 * pages show (never a value), that the value change and every write need a POST with the CSRF token,
 * and that a role that does not allow it gets the Authorizer's message and changes nothing.
 */
abstract class ConsoleHistorySuite extends ConsoleHistoryBase {

    @Test
    void aTagCreatedAndSetOnASecretShowsInItsColourOnTheFolderWhichFiltersByIt() {
        f.secret(projectId, "staging", "/", "TAGGED", "t");
        f.secret(projectId, "staging", "/", "UNTAGGED", "u");
        ConsoleClient c = signedIn();
        String secret = "/projects/" + projectId + "/env/staging/secret?path=%2F&key=TAGGED";
        c.get(secret);
        ConsoleClient.Page made = c.post(
                "/projects/" + projectId + "/env/staging/tags/new",
                c.withCsrf(Map.of(
                        "path", "/", "key", "TAGGED", "slug", "payments", "name", "Payments", "color", "#30a46c")));
        assertThat(made.status()).as(made.body()).isEqualTo(303);
        assertThat(c.get(secret).body()).contains("Payments").contains("name=\"tag\" value=\"" + tagId("payments"));
        ConsoleClient.Page set = c.post(
                "/projects/" + projectId + "/env/staging/tags",
                c.withCsrf(Map.of("path", "/", "key", "TAGGED", "tag", tagId("payments"))));
        assertThat(set.status()).as(set.body()).isEqualTo(303);
        assertThat(set.header("location")).contains("tagged=1");

        String folder = c.get("/projects/" + projectId + "/env/staging").body();
        assertThat(folder).contains("class=\"tag tag-green\" title=\"#30a46c\">Payments</a>");
        String filtered =
                c.get("/projects/" + projectId + "/env/staging?tag=payments").body();
        assertThat(filtered).contains("id=\"s-TAGGED\"").doesNotContain("id=\"s-UNTAGGED\"");
        assertThat(server.api()
                        .get(
                                "/api/v3/secrets/raw/TAGGED?workspaceId=" + projectId + "&environment=staging",
                                f.admin().token())
                        .body())
                .contains("payments");

        ConsoleClient.Page none = c.post(
                "/projects/" + projectId + "/env/staging/tags", c.withCsrf(Map.of("path", "/", "key", "TAGGED")));
        assertThat(none.status()).isEqualTo(303);
        assertThat(c.get("/projects/" + projectId + "/env/staging?tag=payments").body())
                .contains("carry the tag “payments”")
                .doesNotContain("id=\"s-TAGGED\"");
    }

    @Test
    void aBadTagSlugIsShownNextToItsFieldAndCreatesNothing() {
        ConsoleClient c = signedIn();
        c.get("/projects/" + projectId + "/env/dev/secret?path=%2F&key=DB_PASSWORD");
        ConsoleClient.Page bad = c.post(
                "/projects/" + projectId + "/env/dev/tags/new",
                c.withCsrf(Map.of("path", "/", "key", "DB_PASSWORD", "slug", "Not A Slug")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"slug-error\"").contains("Invalid slug");
        assertSafePage("bad slug", bad);
        assertThat(server.api()
                        .get(
                                "/api/v1/projects/" + projectId + "/tags",
                                f.admin().token())
                        .body())
                .doesNotContain("Not A Slug");
    }

    @Test
    void aViewerSeesTheAuthorizersMessageWhenSettingTagsAndNothingChanges() {
        f.secret(projectId, "staging", "/", "VIEWED", "v");
        ConsoleClient viewer = person("viewer@example.com", "viewer");
        viewer.get("/projects/" + projectId + "/env/staging/secret?path=%2F&key=VIEWED");
        ConsoleClient.Page made = viewer.post(
                "/projects/" + projectId + "/env/staging/tags/new",
                viewer.withCsrf(Map.of("path", "/", "key", "VIEWED", "slug", "viewers-tag")));
        assertThat(made.status()).isEqualTo(403);
        assertThat(made.body()).contains("id=\"slug-error\"").contains("does not allow");
        ConsoleClient.Page set = viewer.post(
                "/projects/" + projectId + "/env/staging/tags",
                viewer.withCsrf(Map.of("path", "/", "key", "VIEWED", "tag", "00000000-0000-0000-0000-000000000000")));
        assertThat(set.status()).isEqualTo(403);
        assertThat(set.body()).contains("id=\"tags-error\"").contains("does not allow");
    }

    @Test
    void twoVersionsComparedShowWhatChangedAndTheValueChangeOnlyInTheAnswerToARevealPost() {
        f.secret(projectId, "staging", "/", "DIFFED", "alpha\nbeta-" + VALUE);
        Api.Response upd = server.api()
                .patch(
                        "/api/v3/secrets/raw/DIFFED",
                        f.admin().token(),
                        Map.of(
                                "workspaceId",
                                projectId,
                                "environment",
                                "staging",
                                "secretValue",
                                "alpha\ngamma-" + VALUE,
                                "secretComment",
                                "now with gamma"));
        assertThat(upd.status()).as(upd.body()).isEqualTo(200);
        ConsoleClient c = signedIn();
        ConsoleClient.Page page =
                c.get("/projects/" + projectId + "/env/staging/secret?path=%2F&key=DIFFED&from=1&to=2");
        assertThat(page.status()).isEqualTo(200);
        assertSafePage("diff", page);
        assertThat(page.body())
                .contains("v1 → v2")
                .contains("<tr class=\"changed\"><th scope=\"row\">Comment")
                .contains("now with gamma")
                .contains("<strong>changed</strong>")
                .doesNotContain(VALUE);

        String diff = "/projects/" + projectId + "/env/staging/diff";
        Map<String, String> form = Map.of("path", "/", "key", "DIFFED", "from", "1", "to", "2");
        ConsoleClient.Page refused = c.post(diff, form);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(VALUE);
        ConsoleClient.Page plain = c.post(diff, c.withCsrf(form));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("cache-control")).isEqualTo("no-store");
        assertThat(plain.body()).isEqualTo("  alpha\n- beta-" + VALUE + "\n+ gamma-" + VALUE + "\n");
        ConsoleClient.Page fragment = c.post(diff, c.withCsrf(form), Map.of("HX-Request", "true"));
        assertThat(fragment.body()).contains("<span class=\"del\">- beta-").contains("<span class=\"ins\">+ gamma-");

        Api.Response events = server.api()
                .get(
                        "/api/v1/organization/audit-logs?eventType=get-secret&environment=staging&secretKey=DIFFED",
                        f.admin().token());
        assertThat(events.body())
                .contains("/projects/{projectId}/env/{env}/diff")
                .doesNotContain(VALUE);
    }

    @Test
    void comparingAVersionTheSecretDoesNotHaveSaysWhichToChoose() {
        ConsoleClient c = signedIn();
        ConsoleClient.Page p =
                c.get("/projects/" + projectId + "/env/dev/secret?path=%2F&key=DB_PASSWORD&from=1&to=99");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).contains("no version 99").contains("choose one of the versions listed");
        ConsoleClient.Page q = c.get("/projects/" + projectId + "/env/dev/secret?path=%2F&key=DB_PASSWORD&from=x&to=1");
        assertThat(q.status()).isEqualTo(400);
        assertThat(q.body()).contains("must be a version number");
    }

    @Test
    void aFoldersCommitsShowWhoWhenAndHowManyChangesAndACommitNamesItsChangesWithoutValues() {
        f.folder(projectId, "dev", "/", "listed");
        f.secret(projectId, "dev", "/listed", "FIRST", VALUE);
        f.secret(projectId, "dev", "/listed", "SECOND", VALUE);
        ConsoleClient c = signedIn();
        ConsoleClient.Page list = c.get("/projects/" + projectId + "/env/dev/commits?path=%2Flisted");
        assertThat(list.status()).isEqualTo(200);
        assertSafePage("commits", list);
        assertThat(list.body())
                .contains("admin")
                .contains("<td class=\"changes\">1</td>")
                .doesNotContain(VALUE);
        assertThat(c.get("/projects/" + projectId + "/env/dev/commits?path=%2F&below=1")
                        .body())
                .contains("The whole environment")
                .contains(commits("/listed").getFirst());

        ConsoleClient.Page one = c.get("/projects/" + projectId + "/env/dev/commits/"
                + commits("/listed").getFirst() + "?path=%2Flisted");
        assertThat(one.status()).isEqualTo(200);
        assertSafePage("commit", one);
        assertThat(one.body()).contains("added</span> /listed/SECOND").doesNotContain(VALUE);
        ConsoleClient.Page unknown =
                c.get("/projects/" + projectId + "/env/dev/commits/00000000-0000-0000-0000-000000000000");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("not found");
    }

    @Test
    void rollingAFolderBackToACommitListsTheEffectFirstAndOnlyTheConfirmingPostMakesIt() {
        f.folder(projectId, "dev", "/", "rb");
        f.secret(projectId, "dev", "/rb", "KEEP", "original");
        String afterKeep = commits("/rb").getFirst();
        f.secret(projectId, "dev", "/rb", "LATER", "later");
        server.api()
                .patch(
                        "/api/v3/secrets/raw/KEEP",
                        f.admin().token(),
                        Map.of(
                                "workspaceId",
                                projectId,
                                "environment",
                                "dev",
                                "secretPath",
                                "/rb",
                                "secretValue",
                                "edited"));
        ConsoleClient c = signedIn();
        ConsoleClient.Page plan = c.get("/projects/" + projectId + "/env/dev/recover?path=%2Frb&commit=" + afterKeep);
        assertThat(plan.status()).isEqualTo(200);
        assertSafePage("recover", plan);
        assertThat(plan.body())
                .contains("0 secret(s) created, 1 changed, 1 deleted")
                .contains("change /rb/KEEP")
                .contains("delete /rb/LATER")
                .doesNotContain("edited")
                .doesNotContain("original");
        assertThat(f.keys(f.admin().token(), projectId, "dev", "/rb")).containsExactlyInAnyOrder("KEEP", "LATER");

        Map<String, String> form = Map.of("path", "/rb", "commit", afterKeep);
        assertThat(c.post("/projects/" + projectId + "/env/dev/recover", form).status())
                .isEqualTo(403);
        assertThat(f.keys(f.admin().token(), projectId, "dev", "/rb")).containsExactlyInAnyOrder("KEEP", "LATER");
        ConsoleClient.Page done = c.post("/projects/" + projectId + "/env/dev/recover", c.withCsrf(form));
        assertThat(done.status()).isEqualTo(303);
        assertThat(done.header("location")).contains("rolledBack=2");
        assertThat(f.keys(f.admin().token(), projectId, "dev", "/rb")).containsExactly("KEEP");
        assertThat(server.api()
                        .get(
                                "/api/v3/secrets/raw/KEEP?workspaceId=" + projectId
                                        + "&environment=dev&secretPath=%2Frb",
                                f.admin().token())
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("original");
        assertThat(server.api()
                        .get(
                                "/api/v1/organization/audit-logs?eventType=rollback-folder&environment=dev",
                                f.admin().token())
                        .body())
                .contains("/projects/{projectId}/env/{env}/recover");
    }

    @Test
    void aRollbackToATimeThatIsNotATimeOrToNothingSaysWhatToWrite() {
        ConsoleClient c = signedIn();
        ConsoleClient.Page bad = c.get("/projects/" + projectId + "/env/dev/recover?path=%2F&at=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"at-error\"").contains("2026-11-30T14:05");
        ConsoleClient.Page none = c.get("/projects/" + projectId + "/env/dev/recover?path=%2F");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("Choose a commit to roll back to, or write a time");
        ConsoleClient.Page post =
                c.post("/projects/" + projectId + "/env/dev/recover", c.withCsrf(Map.of("path", "/", "at", "soon")));
        assertThat(post.status()).isEqualTo(400);
    }

    @Test
    void aRollbackThePersonsRoleDoesNotAllowShowsTheAuthorizersMessageAndChangesNothing() {
        f.folder(projectId, "dev", "/", "guarded");
        f.secret(projectId, "dev", "/guarded", "ONE", "1");
        String afterOne = commits("/guarded").getFirst();
        f.secret(projectId, "dev", "/guarded", "TWO", "2");
        ConsoleClient viewer = person("recovery-viewer@example.com", "viewer");
        ConsoleClient.Page plan =
                viewer.get("/projects/" + projectId + "/env/dev/recover?path=%2Fguarded&commit=" + afterOne);
        assertThat(plan.status()).isEqualTo(403);
        assertThat(plan.body()).contains("does not allow");
        ConsoleClient.Page post = viewer.post(
                "/projects/" + projectId + "/env/dev/recover",
                viewer.withCsrf(Map.of("path", "/guarded", "commit", afterOne)));
        assertThat(post.status()).isEqualTo(403);
        assertThat(f.keys(f.admin().token(), projectId, "dev", "/guarded")).containsExactlyInAnyOrder("ONE", "TWO");
    }

    @Test
    void someoneWhoMayListButNotReadValuesComparesVersionsWithoutTheValueChange() {
        f.secret(projectId, "dev", "/", "NAMES_ONLY", "first-" + VALUE);
        server.api()
                .patch(
                        "/api/v3/secrets/raw/NAMES_ONLY",
                        f.admin().token(),
                        Map.of("workspaceId", projectId, "environment", "dev", "secretValue", "second-" + VALUE));
        Api.Response role = server.api()
                .post(
                        "/api/v2/workspace/" + projectId + "/roles",
                        f.admin().token(),
                        Map.of(
                                "slug",
                                "names-only",
                                "name",
                                "Names only",
                                "permissions",
                                List.of(
                                        Map.of("subject", "secrets", "action", List.of("describeSecret")),
                                        Map.of("subject", "secret-folders", "action", List.of("read")),
                                        Map.of("subject", "environments", "action", List.of("read")),
                                        Map.of("subject", "settings", "action", List.of("read")))));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        ConsoleClient names = person("names-only@example.com", "names-only");
        ConsoleClient.Page page =
                names.get("/projects/" + projectId + "/env/dev/secret?path=%2F&key=NAMES_ONLY&from=1&to=2");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains("v1 → v2")
                .contains("Your role does not let you read this secret")
                .doesNotContain("Show the value change")
                .doesNotContain("This project has no tags yet")
                .contains("does not allow reading tags")
                .doesNotContain(VALUE);
        ConsoleClient.Page diff = names.post(
                "/projects/" + projectId + "/env/dev/diff",
                names.withCsrf(Map.of("path", "/", "key", "NAMES_ONLY", "from", "1", "to", "2")));
        assertThat(diff.body()).doesNotContain(VALUE);
    }
}
