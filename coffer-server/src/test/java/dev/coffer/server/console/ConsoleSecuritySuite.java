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

    // the account and access screens

    /** A person of the organization (invited and accepted through the API), with {@code password}. */
    String person(String email, String password) {
        return f.person(email, password);
    }

    ConsoleClient signedIn(String email, String password) {
        ConsoleClient c = new ConsoleClient(server.api().base());
        assertThat(c.login(email, password).status()).isEqualTo(303);
        c.get("/");
        return c;
    }

    @Test
    void theAccountAndAccessPagesCarryTheSecurityHeadersAndNoInlineScriptOrStyle() {
        Api.Response role = server.api()
                .post(
                        "/api/v2/workspace/" + projectId + "/roles",
                        f.admin().token(),
                        Map.of(
                                "slug",
                                "headers-check",
                                "name",
                                "Headers check",
                                "permissions",
                                List.of(Map.of("subject", "secrets", "action", List.of("read")))));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        String roleId = role.json().at("/role/id").asText();
        ConsoleClient c = signedIn();
        for (String path : List.of(
                "/account",
                "/identities",
                "/identities/" + f.admin().identityId(),
                "/identities/not-an-id",
                "/projects/" + projectId + "/access",
                "/projects/" + projectId + "/access/roles/" + roleId,
                "/projects/" + projectId + "/access/roles/not-a-role",
                "/projects/" + projectId + "/tokens")) {
            ConsoleClient.Page p = c.get(path);
            assertThat(p.status()).as(path).isIn(200, 404);
            assertSafePage(path, p);
        }
    }

    @Test
    void aPasswordChangeWithoutTheCsrfTokenIsRefusedAndTheOldPasswordStillWorks() {
        person("csrf-password@example.com", "the first passphrase");
        ConsoleClient c = signedIn("csrf-password@example.com", "the first passphrase");
        ConsoleClient.Page p = c.post(
                "/account/password",
                Map.of("currentPassword", "the first passphrase", "newPassword", "a second passphrase"));
        assertThat(p.status()).isEqualTo(403);
        assertThat(new ConsoleClient(server.api().base())
                        .login("csrf-password@example.com", "the first passphrase")
                        .status())
                .isEqualTo(303);
    }

    @Test
    void anotherPersonsSessionCannotBeEndedFromMyAccountPage() {
        String theirs = person("their-session@example.com", "their own passphrase");
        String theirSessionId = server.api()
                .get("/api/v1/auth/sessions", theirs)
                .json()
                .at("/sessions/0/id")
                .asText();
        ConsoleClient mine = signedIn();
        ConsoleClient.Page p =
                mine.post("/account/sessions/revoke", mine.withCsrf(Map.of("sessionId", theirSessionId)));
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.body()).contains("You have no live session with id");
        assertThat(server.api().get("/api/v1/auth/sessions", theirs).status()).isEqualTo(200);
    }

    @Test
    void aPersonWhoseRoleDoesNotAllowItSeesTheAuthorizersMessageAndNothingIsWritten() {
        person("viewer-only@example.com", "a viewer's passphrase");
        Api.Response add = server.api()
                .post(
                        "/api/v2/workspace/" + projectId + "/memberships",
                        f.admin().token(),
                        Map.of("emails", List.of("viewer-only@example.com"), "roleSlugs", List.of("viewer")));
        assertThat(add.status()).as(add.body()).isEqualTo(200);
        ConsoleClient c = signedIn("viewer-only@example.com", "a viewer's passphrase");

        ConsoleClient.Page identities = c.get("/identities");
        assertThat(identities.status()).isEqualTo(403);
        assertThat(identities.body()).contains("Permission denied");
        ConsoleClient.Page created = c.post("/identities", c.withCsrf(Map.of("name", "sneaky", "orgRole", "admin")));
        assertThat(created.status()).isEqualTo(403);

        c.get("/projects/" + projectId + "/access");
        ConsoleClient.Page token = c.post(
                "/projects/" + projectId + "/tokens",
                c.withCsrf(Map.of("name", "sneaky", "environment0", "dev", "permission", "read", "expiresIn", "0")));
        assertThat(token.status()).isEqualTo(403);
        assertThat(token.body()).contains("Permission denied").doesNotContain("st.");

        ConsoleClient.Page member = c.post(
                "/projects/" + projectId + "/access/members",
                c.withCsrf(Map.of("email", "viewer-only@example.com", "role", "admin")));
        assertThat(member.status()).isEqualTo(403);
        assertThat(member.body()).contains("Permission denied");

        Api.Response tokens = server.api()
                .get(
                        "/api/v2/workspace/" + projectId + "/service-token-data",
                        f.admin().token());
        assertThat(tokens.body()).doesNotContain("sneaky");
        assertThat(server.api()
                        .get(
                                "/api/v1/identities?orgId=" + f.admin().orgId(),
                                f.admin().token())
                        .body())
                .doesNotContain("sneaky");
    }

    @Test
    void aClientSecretAndAServiceTokenAreOnlyInTheAnswerThatMadeThem() {
        ConsoleClient c = signedIn();
        ConsoleClient.Page made = c.post("/identities", c.withCsrf(Map.of("name", "shown-once", "orgRole", "member")));
        assertThat(made.status()).isEqualTo(303);
        String identity = made.header("location").replaceFirst("\\?.*", "");
        c.post(identity + "/universal-auth", c.withCsrf(Map.of()));
        ConsoleClient.Page secret = c.post(identity + "/client-secrets", c.withCsrf(Map.of("ttl", "0")));
        Matcher shown = Pattern.compile("id=\"client-secret\" class=\"secret-once\" readonly value=\"([0-9a-f]{64})\"")
                .matcher(secret.body());
        assertThat(shown.find()).as(secret.body()).isTrue();
        assertThat(c.get(identity).body())
                .doesNotContain(shown.group(1))
                .contains(shown.group(1).substring(0, 4) + "…");

        ConsoleClient.Page token = c.post(
                "/projects/" + projectId + "/tokens",
                c.withCsrf(Map.of("name", "once", "environment0", "dev", "permission", "read", "expiresIn", "0")));
        Matcher st = Pattern.compile("value=\"(st\\.[^\"]+)\"").matcher(token.body());
        assertThat(st.find()).as(token.body()).isTrue();
        assertThat(c.get("/projects/" + projectId + "/tokens").body())
                .contains("once")
                .doesNotContain(st.group(1));
    }

    @Test
    void badInputOnTheAccessPagesIsA4xxWithAMessageAndWritesNothing() {
        person("bad-input@example.com", "bad input passphrase");
        ConsoleClient c = signedIn();
        c.get("/projects/" + projectId + "/access");
        ConsoleClient.Page span = c.post(
                "/projects/" + projectId + "/access/members",
                c.withCsrf(Map.of("email", "bad-input@example.com", "role", "viewer", "temporary", "soon")));
        assertThat(span.status()).isEqualTo(422);
        assertThat(span.body()).contains("is not a positive duration such as 30m, 1h or 7d");
        assertThat(c.get("/projects/" + projectId + "/access").body()).doesNotContain("bad-input@example.com");

        ConsoleClient.Page glob = c.post(
                "/projects/" + projectId + "/tokens",
                c.withCsrf(
                        Map.of("name", "bad-glob", "environment0", "dev", "secretPath0", "api", "permission", "read")));
        assertThat(glob.status()).isEqualTo(422);
        assertThat(glob.body()).contains("must start with");
        assertThat(c.get("/projects/" + projectId + "/tokens").body()).doesNotContain("bad-glob");

        ConsoleClient.Page rows = c.post(
                "/projects/" + projectId + "/access/roles",
                c.withCsrf(Map.of("name", "Rows", "slug", "rows", "ruleRows", "not a number")));
        assertThat(rows.status()).isLessThan(500);
        ConsoleClient.Page unknown = c.post(
                "/projects/" + projectId + "/access/remove",
                c.withCsrf(Map.of("membershipId", "not-an-id", "kind", "identity")));
        assertThat(unknown.status()).isEqualTo(404);
    }
}
