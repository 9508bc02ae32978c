package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tags from the command line against a real server, the CLI as a process: create and list them, set
 * secrets with them, list by them (the listing shows each secret's tags), an unknown slug refused with
 * nothing written, and delete by slug (the tag comes off the secrets, the secrets stay).
 */
class TagsCliTest {

    static final String ADMIN = "admin@example.com";
    static final String PASSWORD = "correct horse battery";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path work;

    TestServer server;
    String project;
    CliProcess admin;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        project = f.project("shop");
        f.secret(project, "dev", "/", "PLAIN", "no-tags");
        admin = new CliProcess(home.resolve("admin")).in(work).env("COFFER_PROJECT_ID", project);
        ok(admin.runWithInput(
                PASSWORD + "\n", "login", "--api-url", server.baseUrl(), "--email", ADMIN, "--password-stdin"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static CliProcess.Result ok(CliProcess.Result r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r;
    }

    @Test
    void tagsAreCreatedGivenToSecretsListedByAndDeleted() throws Exception {
        CliProcess.Result created =
                ok(admin.run("tags", "create", "--slug", "backend", "--color", "#00aaff", "--name", "Backend"));
        String backendId = created.stdout().strip();
        assertThat(backendId).isNotEmpty();
        assertThat(created.stderr()).contains("created tag backend");
        ok(admin.run("tags", "create", "--slug", "db"));

        assertThat(ok(admin.run("tags", "list")).stdout())
                .startsWith("SLUG")
                .contains("backend")
                .contains("Backend")
                .contains("#00aaff")
                .contains(backendId)
                .contains("db");
        JsonNode json = JSON.readTree(ok(admin.run("tags", "list", "--json")).stdout());
        assertThat(json.path("tags").size()).isEqualTo(2);

        CliProcess.Result set = ok(admin.run("secrets", "set", "API_KEY=a", "DB_URL=b", "--tags", "backend,db"));
        assertThat(set.stderr()).contains("2 created").contains("tags: backend, db");
        ok(admin.run("secrets", "set", "OTHER=c"));

        // the listing shows the tags of those that have any; other lines are as before
        String all = ok(admin.run("secrets", "list")).stdout();
        assertThat(all)
                .contains("API_KEY\t(v1)\t[backend,db]")
                .contains("DB_URL\t(v1)\t[backend,db]")
                .contains("OTHER\t(v1)\n")
                .contains("PLAIN\t(v1)\n");

        // filtered, listed and bare
        CliProcess.Result filtered = ok(admin.run("secrets", "list", "--tags", "backend"));
        assertThat(filtered.stdout())
                .contains("API_KEY")
                .contains("DB_URL")
                .doesNotContain("OTHER")
                .doesNotContain("PLAIN");
        assertThat(filtered.stderr()).contains("2 secrets").contains("with tag backend");
        assertThat(ok(admin.run("secrets", "--tags", "db")).stdout())
                .contains("API_KEY")
                .doesNotContain("OTHER");

        // an update with --tags replaces the tags; one without keeps them
        ok(admin.run("secrets", "set", "DB_URL=b2", "--tags", "db"));
        ok(admin.run("secrets", "set", "API_KEY=a2"));
        assertThat(ok(admin.run("secrets", "list", "--tags", "backend")).stdout())
                .contains("API_KEY\t(v2)\t[backend,db]")
                .doesNotContain("DB_URL");

        // an unknown slug: an error naming it and how to create it, nothing written
        CliProcess.Result unknown = admin.run("secrets", "set", "NEW=x", "API_KEY=changed", "--tags", "backend,nope");
        assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(1);
        assertThat(unknown.stderr())
                .contains("No tag 'nope'")
                .contains("coffer tags create --slug nope")
                .contains("nothing was written");
        assertThat(ok(admin.run("secrets", "list")).stdout())
                .doesNotContain("NEW")
                .contains("API_KEY\t(v2)");

        // a --tags with no slug is a usage error
        CliProcess.Result empty = admin.run("secrets", "set", "X=1", "--tags", ",");
        assertThat(empty.exitCode()).as(empty.all()).isEqualTo(2);

        // delete by slug: the tag comes off the secrets, which stay
        assertThat(ok(admin.run("tags", "delete", "backend")).stderr()).contains("deleted tag backend");
        assertThat(ok(admin.run("tags", "list")).stdout())
                .doesNotContain("backend")
                .contains("db");
        assertThat(ok(admin.run("secrets", "list")).stdout())
                .contains("API_KEY\t(v2)\t[db]")
                .contains("DB_URL\t(v2)\t[db]");
        CliProcess.Result again = admin.run("tags", "delete", "backend");
        assertThat(again.exitCode()).as(again.all()).isEqualTo(1);
        assertThat(again.stderr()).contains("No tag 'backend'");
    }
}
