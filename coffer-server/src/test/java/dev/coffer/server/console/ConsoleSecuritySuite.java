package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.http.HttpSettings;
import dev.coffer.server.http.TrustedProxies;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's defences over plain HTTP: CSRF tokens, security headers and no inline script or style
 * on any page, values kept out of pages until revealed, the session cookie's flags, the idle timeout,
 * and the login lockout it shares with the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleSecuritySuite {

    static final String EMAIL = "admin@example.com";
    static final String PASSWORD = "correct horse battery";
    static final String VALUE = "s3cr3t-value-that-must-not-leak";

    abstract Backend backend();

    TestClock clock = new TestClock();
    TestServer server;
    Fixtures f;
    String projectId;

    @BeforeAll
    void start() {
        server = TestServer.start(backend(), clock);
        f = new Fixtures(server.api());
        f.admin();
        projectId = f.project("shop");
        f.secret(projectId, "dev", "/", "DB_PASSWORD", VALUE);
        f.secret(projectId, "prod", "/", "DB_PASSWORD", VALUE + "-prod");
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    ConsoleClient signedIn() {
        ConsoleClient c = new ConsoleClient(server.api().base());
        assertThat(c.login(EMAIL, PASSWORD).status()).isEqualTo(303);
        c.get("/");
        return c;
    }

    @Test
    void aVisitorWithoutASessionIsSentToTheLoginPage() {
        ConsoleClient c = new ConsoleClient(server.api().base());
        ConsoleClient.Page p = c.get("/projects/" + projectId);
        assertThat(p.status()).isEqualTo(303);
        assertThat(p.header("location")).isEqualTo("/login?next=%2Fprojects%2F" + projectId);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndWritesNothing() {
        ConsoleClient c = signedIn();
        ConsoleClient.Page p = c.post("/projects", Map.of("name", "no-token-project"));
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.body()).contains("security token is missing or out of date");
        ConsoleClient.Page wrong = c.post("/projects", Map.of("name", "no-token-project", "csrf", "forged"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(c.get("/").body()).doesNotContain("no-token-project");
    }

    @Test
    void theCsrfTokenOfAnotherSessionIsRefused() {
        ConsoleClient mine = signedIn();
        ConsoleClient other = signedIn();
        assertThat(other.csrf).isNotEqualTo(mine.csrf);
        ConsoleClient.Page p = mine.post("/projects", Map.of("name", "cross-session", "csrf", other.csrf));
        assertThat(p.status()).isEqualTo(403);
        assertThat(mine.post("/projects", mine.withCsrf(Map.of("name", "same-session")))
                        .status())
                .isEqualTo(303);
    }

    @Test
    void aLoginFormWithoutItsTokenIsRefused() {
        ConsoleClient c = new ConsoleClient(server.api().base());
        c.get("/login");
        ConsoleClient.Page p = c.post("/login", Map.of("email", EMAIL, "password", PASSWORD, "csrf", "forged"));
        assertThat(p.status()).isEqualTo(403);
        assertThat(c.cookies).doesNotContainKey(ConsoleSession.COOKIE);
    }

    @Test
    void everyPageCarriesTheSecurityHeadersAndNoInlineScriptOrStyle() {
        ConsoleClient c = signedIn();
        List<String> pages = List.of(
                "/",
                "/?q=sh",
                "/projects/" + projectId,
                "/projects/" + projectId + "/env/dev",
                "/projects/" + projectId + "/env/dev/secret?path=%2F&key=DB_PASSWORD",
                "/audit",
                "/audit?since=not-a-date",
                "/projects/00000000-0000-0000-0000-000000000000");
        for (String path : pages) {
            ConsoleClient.Page p = c.get(path);
            assertThat(p.status()).as(path).isIn(200, 400, 404);
            assertSafePage(path, p);
        }
        assertSafePage("/login", new ConsoleClient(server.api().base()).get("/login"));
        assertSafePage("403", c.post("/projects", Map.of("name", "x")));
    }

    static void assertSafePage(String what, ConsoleClient.Page p) {
        assertThat(p.header("content-security-policy"))
                .as(what)
                .isEqualTo("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                        + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'");
        assertThat(p.header("x-frame-options")).as(what).isEqualTo("DENY");
        assertThat(p.header("x-content-type-options")).as(what).isEqualTo("nosniff");
        assertThat(p.header("referrer-policy")).as(what).isEqualTo("no-referrer");
        assertThat(p.header("cache-control")).as(what).isEqualTo("no-store");
        String html = p.body();
        assertThat(html).as(what).contains("<!doctype html>");
        Matcher scripts =
                Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int n = 0;
        while (scripts.find()) {
            n++;
            assertThat(scripts.group(1)).as(what + ": a script from a file").contains("src=\"/assets/");
            assertThat(scripts.group(2)).as(what + ": no inline script").isEmpty();
        }
        assertThat(n).as(what).isEqualTo(2);
        assertThat(html).as(what + ": no inline style").doesNotContain("<style").doesNotContain(" style=");
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find())
                .as(what + ": no event-handler attribute")
                .isFalse();
        assertThat(html).as(what + ": no javascript: URL").doesNotContainIgnoringCase("javascript:");
    }

    @Test
    void aValueIsAbsentFromEveryPageUntilRevealedAndTheRevealIsNeverCached() {
        ConsoleClient c = signedIn();
        for (String path : List.of(
                "/projects/" + projectId,
                "/projects/" + projectId + "/env/dev",
                "/projects/" + projectId + "/env/prod",
                "/projects/" + projectId + "/env/dev/secret?path=%2F&key=DB_PASSWORD")) {
            assertThat(c.get(path).body()).as(path).doesNotContain(VALUE);
        }
        String reveal = "/projects/" + projectId + "/env/dev/reveal";
        ConsoleClient.Page refused = c.post(reveal, Map.of("path", "/", "key", "DB_PASSWORD"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(VALUE);

        ConsoleClient.Page plain = c.post(reveal, c.withCsrf(Map.of("path", "/", "key", "DB_PASSWORD")));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(VALUE);
        assertThat(plain.header("cache-control")).isEqualTo("no-store");
        assertThat(plain.header("content-type")).startsWith("text/plain");

        ConsoleClient.Page fragment =
                c.post(reveal, c.withCsrf(Map.of("path", "/", "key", "DB_PASSWORD")), Map.of("HX-Request", "true"));
        assertThat(fragment.body()).isEqualTo("<pre class=\"value\" tabindex=\"-1\">" + VALUE + "</pre>");
        assertThat(fragment.header("cache-control")).isEqualTo("no-store");
    }

    @Test
    void aRevealIsAuditedAsAReadOfThatSecret() {
        ConsoleClient c = signedIn();
        c.post("/projects/" + projectId + "/env/prod/reveal", c.withCsrf(Map.of("path", "/", "key", "DB_PASSWORD")));
        Api.Response events = server.api()
                .get(
                        "/api/v1/organization/audit-logs?eventType=get-secret&environment=prod&secretPath=%2F",
                        f.admin().token());
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.body())
                .contains("DB_PASSWORD")
                .contains(EMAIL)
                .contains("/projects/{projectId}/env/{env}/reveal")
                .doesNotContain(VALUE);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndSecureOnlyOverTls() {
        ConsoleClient c = new ConsoleClient(server.api().base());
        ConsoleClient.Page p = c.login(EMAIL, PASSWORD);
        String cookie = p.header("set-cookie");
        assertThat(cookie).startsWith(ConsoleSession.COOKIE + "=cs.");
        assertThat(cookie).contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/");
        assertThat(cookie).doesNotContain("Secure");
        // X-Forwarded-Proto from a peer that is not a trusted proxy does not count
        ConsoleClient.Page spoofed =
                new ConsoleClient(server.api().base()).login(EMAIL, PASSWORD, Map.of("X-Forwarded-Proto", "https"));
        assertThat(spoofed.header("set-cookie")).doesNotContain("Secure");
    }

    @Test
    void behindATrustedProxyThatSaysHttpsTheCookiesAreSecure() {
        HttpSettings proxied = HttpSettings.DEFAULTS.withTrustedProxies(TrustedProxies.parse("127.0.0.1"));
        try (TestServer behind = TestServer.start(backend(), clock, proxied)) {
            new Fixtures(behind.api()).admin();
            ConsoleClient c = new ConsoleClient(behind.api().base());
            ConsoleClient.Page form = c.get("/login");
            assertThat(form.header("set-cookie")).doesNotContain("Secure");
            ConsoleClient.Page p = c.login(EMAIL, PASSWORD, Map.of("X-Forwarded-Proto", "https"));
            assertThat(p.status()).isEqualTo(303);
            assertThat(p.header("set-cookie")).contains("; HttpOnly").contains("; Secure");
        }
    }

    @Test
    void aSessionLeftAloneForFifteenMinutesAsksForALoginAgain() {
        ConsoleClient c = signedIn();
        assertThat(c.get("/").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(14));
        assertThat(c.get("/").status()).as("used within the window: renewed").isEqualTo(200);
        clock.advance(Duration.ofMinutes(14));
        assertThat(c.get("/").status()).as("renewed by the last request").isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));
        ConsoleClient.Page idle = c.get("/");
        assertThat(idle.status()).isEqualTo(303);
        assertThat(idle.header("location")).startsWith("/login");
    }

    @Test
    void answersThatRenewTheSessionCarryItsNewCookieEvenWhenTheyRedirectOrRefuse() {
        ConsoleClient c = signedIn();
        clock.advance(Duration.ofMinutes(2));
        ConsoleClient.Page login = c.get("/login");
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("set-cookie")).startsWith(ConsoleSession.COOKIE + "=cs.");
        assertThat(c.get("/").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        assertThat(c.post("/projects", Map.of("name", "no-token")).status()).isEqualTo(403);
        assertThat(c.get("/").status())
                .as("still signed in after the refused form")
                .isEqualTo(200);
    }

    @Test
    void loggingOutEndsTheSessionForTheApiToo() {
        ConsoleClient c = signedIn();
        String access = c.cookies.get(ConsoleSession.COOKIE).split("~")[0];
        assertThat(server.api().get("/api/v1/auth/sessions", access).status()).isEqualTo(200);
        ConsoleClient.Page out = c.post("/logout", c.withCsrf(Map.of()));
        assertThat(out.status()).isEqualTo(303);
        assertThat(c.cookies).doesNotContainKey(ConsoleSession.COOKIE);
        assertThat(server.api().get("/api/v1/auth/sessions", access).status()).isEqualTo(401);
    }

    @Test
    void failedLoginsThroughTheApiLockTheConsoleLoginToo() {
        String email = "lockout@example.com";
        for (int i = 0; i < 10; i++) {
            server.api().post("/api/v1/auth/login", null, Map.of("email", email, "password", "wrong password " + i));
        }
        ConsoleClient.Page p = new ConsoleClient(server.api().base()).login(email, "any password at all");
        assertThat(p.status()).isEqualTo(429);
        assertThat(p.body()).contains("Too many failed logins for this email address");
    }

    @Test
    void theLoginSendsOnlyToAPathOfThisServer() {
        ConsoleClient c = new ConsoleClient(server.api().base());
        c.get("/login");
        ConsoleClient.Page p = c.post(
                "/login", Map.of("email", EMAIL, "password", PASSWORD, "csrf", c.csrf, "next", "//evil.example/x"));
        assertThat(p.status()).isEqualTo(303);
        assertThat(p.header("location")).isEqualTo("/");
    }

    @Test
    void assetsAreServedUnderContentHashedNamesAndCachedForAYear() {
        String html = signedIn().get("/").body();
        Matcher css = Pattern.compile("href=\"(/assets/console\\.[0-9a-f]{12}\\.css)\"")
                .matcher(html);
        assertThat(css.find()).as(html).isTrue();
        ConsoleClient c = new ConsoleClient(server.api().base());
        ConsoleClient.Page asset = c.get(css.group(1));
        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.header("cache-control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(asset.header("content-type")).startsWith("text/css");
        assertThat(c.get("/assets/console.css").status()).isEqualTo(404);
    }

    // ---- history, recovery, imports, tags and the audit detail ----

    /** A person of the organization with this role in the project, signed in to the console. */
    ConsoleClient person(String email, String projectRole) {
        Api.Response inv = server.api()
                .post(
                        "/api/v1/organization/" + f.admin().orgId() + "/invite",
                        f.admin().token(),
                        Map.of("email", email, "role", "member"));
        assertThat(inv.status()).as(inv.body()).isEqualTo(200);
        Api.Response acc = server.api()
                .post(
                        "/api/v1/invite-org/accept",
                        null,
                        Map.of("token", inv.json().get("token").asText(), "password", PASSWORD));
        assertThat(acc.status()).as(acc.body()).isEqualTo(200);
        Api.Response add = server.api()
                .post(
                        "/api/v2/workspace/" + projectId + "/memberships",
                        f.admin().token(),
                        Map.of("emails", List.of(email), "roleSlugs", List.of(projectRole)));
        assertThat(add.status()).as(add.body()).isEqualTo(200);
        ConsoleClient c = new ConsoleClient(server.api().base());
        assertThat(c.login(email, PASSWORD).status()).isEqualTo(303);
        c.get("/");
        return c;
    }

    String tagId(String slug) {
        Api.Response r = server.api()
                .get(
                        "/api/v1/projects/" + projectId + "/tags/slug/" + slug,
                        f.admin().token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/tag/id").asText();
    }

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

    /** The ids of the commits that changed a folder of dev, newest first (through the API). */
    List<String> commits(String path) {
        Api.Response r = server.api()
                .get(
                        "/api/v1/folder-commits?projectId=" + projectId + "&environment=dev&path=" + path,
                        f.admin().token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        r.json().get("commits").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
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
    void theFolderViewShowsItsImportsAndWhereEachImportedNameComesFromWithoutValues() {
        f.folder(projectId, "prod", "/", "common");
        f.secret(projectId, "prod", "/common", "SHARED_URL", VALUE);
        f.secret(projectId, "prod", "/common", "SHADOWED", VALUE);
        f.folder(projectId, "prod", "/", "app");
        f.secret(projectId, "prod", "/app", "SHADOWED", "own value");
        Api.Response imp = server.api()
                .post(
                        "/api/v1/secret-imports",
                        f.admin().token(),
                        Map.of(
                                "workspaceId",
                                projectId,
                                "environment",
                                "prod",
                                "path",
                                "/app",
                                "import",
                                Map.of("environment", "prod", "path", "/common")));
        assertThat(imp.status()).as(imp.body()).isEqualTo(200);
        ConsoleClient c = signedIn();
        ConsoleClient.Page folder = c.get("/projects/" + projectId + "/env/prod?path=%2Fapp");
        assertThat(folder.status()).isEqualTo(200);
        assertThat(folder.body())
                .contains("Imported into /app")
                .contains(">prod:/common</a></li>")
                .doesNotContain(VALUE)
                .doesNotContain("own value");
        assertThat(row(folder.body(), "i-SHARED_URL"))
                .contains(">prod:/common</a>")
                .doesNotContain("own secret");
        assertThat(row(folder.body(), "i-SHADOWED")).contains("this folder's own secret (it overrides");
        assertThat(c.get("/projects/" + projectId + "/env/prod?path=%2Fcommon").body())
                .doesNotContain("Imported into");
    }

    /** The table row with this id. */
    static String row(String html, String id) {
        int at = html.indexOf("<tr id=\"" + id + "\"");
        assertThat(at).as(id).isNotNegative();
        return html.substring(at, html.indexOf("</tr>", at));
    }

    @Test
    void aReferenceTreeNamesWhereAValueComesFromLevelByLevelWithoutValues() {
        f.folder(projectId, "dev", "/", "refs");
        f.secret(projectId, "dev", "/refs", "HOST", VALUE);
        f.secret(projectId, "dev", "/refs", "PING", "${PONG}");
        f.secret(projectId, "dev", "/refs", "PONG", "${PING}");
        f.secret(
                projectId,
                "dev",
                "/refs",
                "URL",
                "https://${HOST}/${prod.DB_PASSWORD}?x=${dev.nowhere.MISSING}&y=${PING}&again=${HOST}");
        ConsoleClient c = signedIn();
        ConsoleClient.Page tree = c.get("/projects/" + projectId + "/env/dev/references?path=%2Frefs&key=URL");
        assertThat(tree.status()).isEqualTo(200);
        assertSafePage("references", tree);
        String html = tree.body();
        assertThat(html).doesNotContain(VALUE).doesNotContain("https://");
        assertThat(html)
                .contains("class=\"ref ref-found depth-0\"><a href=\"/projects/" + projectId
                        + "/env/dev/secret?path=%2Frefs&amp;key=URL\">dev:/refs/URL</a>")
                .contains("4 reference(s)")
                .contains("ref-found depth-1\"><a href=\"/projects/" + projectId
                        + "/env/dev/secret?path=%2Frefs&amp;key=HOST\">dev:/refs/HOST</a>")
                .contains(">prod:/DB_PASSWORD</a>")
                .contains("ref-missing depth-1\"><span>dev:/nowhere/MISSING</span>")
                .contains("ref-found depth-2\"><a")
                .contains("ref-cycle depth-3\"><a")
                .contains("a cycle");
        ConsoleClient.Page plain = c.get("/projects/" + projectId + "/env/dev/references?path=%2Frefs&key=HOST");
        assertThat(plain.body()).contains("HOST references no other secret");
        ConsoleClient.Page missing = c.get("/projects/" + projectId + "/env/dev/references?path=%2Frefs&key=NOPE");
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void anAuditEventOpensWithEveryFieldTheTrailKeepsAndNoValue() {
        ConsoleClient c = signedIn();
        c.post("/projects/" + projectId + "/env/dev/reveal", c.withCsrf(Map.of("path", "/", "key", "DB_PASSWORD")));
        ConsoleClient.Page list = c.get("/audit?eventType=get-secret&environment=dev&secret=DB_PASSWORD");
        Matcher link = Pattern.compile("href=\"(/audit/event\\?id=[^\"]+)\"").matcher(list.body());
        assertThat(link.find()).as(list.body()).isTrue();
        ConsoleClient.Page event = c.get(link.group(1).replace("&amp;", "&"));
        assertThat(event.status()).isEqualTo(200);
        assertSafePage("audit event", event);
        assertThat(event.body())
                .contains("<h1>get-secret")
                .contains("<dt>Secrets</dt><dd>DB_PASSWORD</dd>")
                .contains("<dt>Actor</dt><dd>" + EMAIL + "</dd>")
                .contains("/projects/{projectId}/env/{env}/reveal")
                .contains("<dt>Hash</dt>")
                .doesNotContain(VALUE);
        assertThat(c.get("/audit/event?id=x&at=soon").status()).isEqualTo(400);
        ConsoleClient.Page gone = c.get("/audit/event?id=00000000-0000-0000-0000-000000000000&at=1");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("open events from the audit log");
    }

    @Test
    void theFilteredAuditListDownloadsAsCsvAndJsonAndTheDownloadIsAudited() throws Exception {
        ConsoleClient c = signedIn();
        c.post("/projects/" + projectId + "/env/prod/reveal", c.withCsrf(Map.of("path", "/", "key", "DB_PASSWORD")));
        ConsoleClient.Page csv = c.get("/audit/export?format=csv&environment=prod&secret=DB_PASSWORD");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).startsWith("text/csv");
        assertThat(csv.header("content-disposition")).isEqualTo("attachment; filename=\"audit-log.csv\"");
        assertThat(csv.header("cache-control")).isEqualTo("no-store");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("id,seq,createdAt,eventType,status,actorType");
        assertThat(lines).hasSizeGreaterThan(1);
        for (int i = 1; i < lines.length; i++) assertThat(lines[i]).contains(",prod,/,DB_PASSWORD,");
        assertThat(csv.body()).contains("get-secret").doesNotContain(VALUE);

        ConsoleClient.Page json = c.get("/audit/export?format=json&environment=prod&secret=DB_PASSWORD");
        assertThat(json.header("content-type")).startsWith("application/json");
        var events = Api.JSON.readTree(json.body()).get("auditLogs");
        assertThat(events.size()).isEqualTo(lines.length - 1);
        assertThat(events.get(0).get("secretKeys").get(0).asText()).isEqualTo("DB_PASSWORD");
        assertThat(json.body()).doesNotContain(VALUE);

        assertThat(c.get("/audit/export?format=xml").status()).isEqualTo(400);
        assertThat(c.get("/audit/export?format=csv&since=yesterday").status()).isEqualTo(400);
        assertThat(server.api()
                        .get(
                                "/api/v1/organization/audit-logs?eventType=get-audit-logs",
                                f.admin().token())
                        .body())
                .contains("/audit/export");
    }

    @Test
    void theSecretPageSaysWhoReadsItAndSomeoneWhoMayNotSeeTheTrailIsToldWhy() {
        f.secret(projectId, "staging", "/", "READ_ME", "r");
        ConsoleClient c = signedIn();
        String page = "/projects/" + projectId + "/env/staging/secret?path=%2F&key=READ_ME";
        assertThat(c.get(page).body()).contains("Nobody read its value in the last 30 days");
        c.post("/projects/" + projectId + "/env/staging/reveal", c.withCsrf(Map.of("path", "/", "key", "READ_ME")));
        c.post("/projects/" + projectId + "/env/staging/reveal", c.withCsrf(Map.of("path", "/", "key", "READ_ME")));
        String readers = c.get(page).body();
        assertThat(readers).contains("<td>" + EMAIL + "</td><td>user</td><td>2</td>");

        ConsoleClient viewer = person("reader-viewer@example.com", "viewer");
        ConsoleClient.Page theirs = viewer.get(page);
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.body())
                .contains("id=\"readers\"")
                .doesNotContain("readers-table")
                .contains("does not allow");
    }
}
