package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Where values come from and who read them, over plain HTTP: a folder's imports, a secret's reference
 * tree, one audit event, the audit export and a secret's readers; names and places only, never a value.
 */
abstract class ConsoleProvenanceSuite extends ConsoleHistoryBase {

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
