package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffer run} reads the folder and environment it was told to, and says so when that could be a
 * surprise: the path from --path, COFFER_PATH or .coffer.json; a missing folder is an error and an
 * empty one a warning; a name shadowed by another folder with --recursive is reported; an environment
 * given by name is named; .infisical.json is read when there is no .coffer.json.
 */
class RunSettingsTest {

    @TempDir
    Path home;

    @TempDir
    Path repo;

    private TestServer server;
    private CliProcess cli;
    private String project;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        project = f.project("settings");
        Fixtures.Machine app = f.machine("app", "no-access");
        f.member(project, app.id(), "member");
        f.secret(project, "dev", "/", "WHERE", "root");
        f.folder(project, "dev", "/", "api");
        f.secret(project, "dev", "/api", "WHERE", "api");
        f.secret(project, "dev", "/api", "API_ONLY", "yes");
        f.folder(project, "dev", "/", "empty");
        f.secret(project, "prod", "/", "WHERE", "prod");
        cli = new CliProcess(home)
                .in(repo)
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_CLIENT_ID", app.clientId())
                .env("COFFER_CLIENT_SECRET", app.clientSecret());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliProcess.Result where(CliProcess c, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "run";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--";
        args[options.length + 2] = "sh";
        args[options.length + 3] = "-c";
        args[options.length + 4] = "printf %s \"$WHERE\"";
        return c.run(args);
    }

    @Test
    void thePathComesFromTheOptionThenCofferPathThenCofferJson() {
        CliProcess c = cli.env("COFFER_PROJECT_ID", project);
        assertThat(where(c, "--path", "/api").stdout()).isEqualTo("api");
        assertThat(where(c.env("COFFER_PATH", "/api")).stdout()).isEqualTo("api");
        c.env("COFFER_PATH", null).env("COFFER_PROJECT_ID", null);
        CliProcess.Result init = c.run("init", "--projectId", project, "--env", "dev", "--path", "/api");
        assertThat(init.exitCode()).as(init.all()).isZero();
        assertThat(where(c).stdout()).isEqualTo("api");
        assertThat(where(c, "--path", "/").stdout()).isEqualTo("root");
    }

    @Test
    void aMissingFolderIsAnErrorAndAnEmptyOneAWarning() {
        CliProcess c = cli.env("COFFER_PROJECT_ID", project);
        CliProcess.Result missing = c.env("COFFER_PATH", "/apj").run("run", "--", "sh", "-c", "echo started");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stdout()).doesNotContain("started");
        assertThat(missing.stderr()).contains("/apj").contains("does not exist").contains("COFFER_PATH");

        CliProcess.Result empty = c.env("COFFER_PATH", null).run("run", "--path", "/empty", "--", "true");
        assertThat(empty.exitCode()).as(empty.stderr()).isZero();
        assertThat(empty.stderr()).contains("warning: no secrets in dev:/empty");
    }

    @Test
    void recursiveReportsWhichFolderWonARepeatedNameWithoutValues() {
        CliProcess.Result r = where(cli.env("COFFER_PROJECT_ID", project), "--recursive");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("api");
        assertThat(r.stderr())
                .contains("WHERE is set in / and in /api; using the one in /api")
                .doesNotContain("root")
                .doesNotContain("API_ONLY");
    }

    @Test
    void anEnvironmentGivenByItsNameIsNamedOnStderr() {
        CliProcess c = cli.env("COFFER_PROJECT_ID", project);
        CliProcess.Result byName = where(c, "--env", "Production");
        assertThat(byName.exitCode()).as(byName.stderr()).isZero();
        assertThat(byName.stdout()).isEqualTo("prod");
        assertThat(byName.stderr()).contains("coffer: using environment prod (Production)");
        CliProcess.Result bySlug = where(c, "--env", "prod");
        assertThat(bySlug.stderr()).doesNotContain("using environment");
    }

    @Test
    void infisicalJsonIsReadWithItsBranchMappingWhenThereIsNoCofferJson() throws Exception {
        Files.writeString(
                repo.resolve(".infisical.json"),
                "{\"workspaceId\":\"" + project + "\",\"defaultEnvironment\":\"dev\","
                        + "\"gitBranchToEnvironmentMapping\":{\"main\":\"prod\"}}",
                StandardCharsets.UTF_8);
        assertThat(where(cli).stdout()).isEqualTo("root");
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        assertThat(where(cli).stdout()).isEqualTo("prod");
        assertThat(where(cli, "--env", "dev").stdout()).isEqualTo("root");
        // .coffer.json, where there is one, wins
        assertThat(cli.run("init", "--projectId", project, "--env", "dev").exitCode())
                .isZero();
        assertThat(where(cli).stdout()).isEqualTo("root");
    }

    @Test
    void aCommandThatDoesNotExistIsReportedAsAShellWould() {
        CliProcess.Result r = cli.env("COFFER_PROJECT_ID", project).run("run", "--", "missing-cmd");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.stderr()).isEqualTo("coffer: command not found: missing-cmd\n");
    }

    @Test
    void anUnknownVerbIsAUsageErrorAndSuggestsOnlyAClose() {
        CliProcess.Result unknown = cli.run("operator", "--help");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stdout()).isEmpty();
        assertThat(unknown.stderr())
                .startsWith("coffer: unknown command 'operator'")
                .doesNotContain("Did you mean");
        CliProcess.Result typo = cli.run("secrts", "list");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).contains("Did you mean 'secrets'?").doesNotContain("import");
    }
}
