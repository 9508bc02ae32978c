package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the console's history screens are tested against: a real server (SQLite or PostgreSQL) with
 * project "shop", DB_PASSWORD in dev and prod, the admin signed in through the login form, and people
 * of other roles made on demand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleHistoryBase {

    static final String EMAIL = ConsoleSecuritySuite.EMAIL;
    static final String PASSWORD = ConsoleSecuritySuite.PASSWORD;
    static final String VALUE = ConsoleSecuritySuite.VALUE;

    abstract Backend backend();

    TestServer server;
    Fixtures f;
    String projectId;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
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

    static void assertSafePage(String what, ConsoleClient.Page p) {
        ConsoleSecuritySuite.assertSafePage(what, p);
    }

    /** A person of the organization with this role in the project, signed in to the console. */
    ConsoleClient person(String email, String projectRole) {
        f.person(email, PASSWORD);
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

    /** The table row with this id. */
    static String row(String html, String id) {
        int at = html.indexOf("<tr id=\"" + id + "\"");
        assertThat(at).as(id).isNotNegative();
        return html.substring(at, html.indexOf("</tr>", at));
    }
}
