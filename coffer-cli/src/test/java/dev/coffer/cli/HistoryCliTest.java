package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History from the command line: a secret's versions, rollback and restore; a folder's commits and one
 * commit's changes; an environment rolled back to a time, asked for unless --yes.
 */
class HistoryCliTest {

    @TempDir
    Path home;

    private TestServer server;
    private CliProcess cli;
    private String project;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        project = f.project("History CLI");
        cli = new CliProcess(home)
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_TOKEN", f.admin().token())
                .env("COFFER_PROJECT_ID", project)
                .env("COFFER_ENV", "dev");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliProcess.Result ok(String... args) {
        CliProcess.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r;
    }

    @Test
    void historyRollbackAndRestoreOfOneSecret() {
        ok("secrets", "set", "API_KEY=first-value");
        ok("secrets", "set", "API_KEY=second-value");
        CliProcess.Result history = ok("secrets", "history", "API_KEY");
        assertThat(history.stdout()).contains("v2").contains("v1").doesNotContain("first-value");
        assertThat(ok("secrets", "history", "API_KEY", "--values").stdout()).contains("API_KEY=first-value");

        ok("secrets", "rollback", "API_KEY", "--version", "1");
        assertThat(ok("secrets", "get", "API_KEY").stdout().strip()).isEqualTo("first-value");

        ok("secrets", "delete", "API_KEY");
        assertThat(ok("secrets", "history", "API_KEY").stdout()).contains("deleted");
        ok("secrets", "restore", "API_KEY");
        assertThat(ok("secrets", "get", "API_KEY").stdout().strip()).isEqualTo("first-value");
    }

    @Test
    void snapshotsAndAnEnvironmentRolledBackToATime() throws Exception {
        ok("secrets", "set", "KEEP=kept-value", "CHANGE=old-value");
        Thread.sleep(20);
        Instant then = Instant.now();
        Thread.sleep(20);
        ok("secrets", "set", "CHANGE=new-value", "ADDED=added-value");

        CliProcess.Result list = ok("snapshots", "list");
        String newest = list.stdout().lines().findFirst().orElseThrow().split("\t")[0];
        assertThat(ok("snapshots", "diff", newest).stdout())
                .contains("~ / CHANGE")
                .contains("+ / ADDED")
                .doesNotContain("new-value");
        assertThat(ok("snapshots", "diff", newest, "--values").stdout()).contains("old-value -> new-value");

        CliProcess.Result refused = cli.run("rollback", "--path", "/", "--to", then.toString());
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        assertThat(refused.all()).contains("--yes").contains("- / ADDED");
        assertThat(ok("secrets", "get", "ADDED").stdout().strip()).isEqualTo("added-value");

        ok("rollback", "--path", "/", "--to", then.toString(), "--yes");
        assertThat(ok("secrets", "list", "--values").stdout())
                .contains("KEEP=kept-value")
                .contains("CHANGE=old-value")
                .doesNotContain("ADDED");
    }
}
