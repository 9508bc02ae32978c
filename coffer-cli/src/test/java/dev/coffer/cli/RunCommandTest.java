package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer run} against a real server, the CLI running as its own process. */
class RunCommandTest {

    static final String VALUE = "v4lue-that-must-never-be-printed-by-coffer";

    @TempDir
    Path home;

    private TestServer server;
    private CliProcess cli;
    private String project;
    private Fixtures.Machine app;
    private Fixtures f;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        f = new Fixtures(server.api());
        project = f.project("run");
        app = f.machine("app", "no-access");
        f.member(project, app.id(), "viewer");
        f.secret(project, "dev", "/", "API_KEY", VALUE);
        f.secret(project, "dev", "/", "URL", "https://${API_KEY}.example");
        f.secret(project, "prod", "/", "API_KEY", "prod-value");
        cli = new CliProcess(home)
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_CLIENT_ID", app.clientId())
                .env("COFFER_CLIENT_SECRET", app.clientSecret())
                .env("COFFER_PROJECT_ID", project);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theCommandSeesTheSecretsAsEnvironmentVariablesOnTopOfItsOwnEnvironment() {
        CliProcess.Result r = cli.env("KEEP_ME", "kept")
                .env("API_KEY", "shadowed")
                .run("run", "--", "sh", "-c", "printf '%s|%s|%s' \"$API_KEY\" \"$URL\" \"$KEEP_ME\"");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(VALUE + "|https://" + VALUE + ".example|kept");
        assertThat(r.stderr()).doesNotContain(VALUE);
    }

    @Test
    void theEnvironmentOptionPicksTheEnvironment() {
        CliProcess.Result r = cli.run("run", "--env=prod", "--command", "printf %s \"$API_KEY\"");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("prod-value");
    }

    @Test
    void theCommandsExitCodeBecomesCoffersAndCofferPrintsNoValueWhenItFails() {
        CliProcess.Result r = cli.run("run", "--", "sh", "-c", "exit 7");
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.all()).doesNotContain(VALUE);
    }

    @Test
    void aMissingCommandIs127WithAMessage() {
        CliProcess.Result r = cli.run("run", "--", "no-such-command-xyz");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.stderr())
                .contains("command not found: no-such-command-xyz")
                .doesNotContain(VALUE);
    }

    @Test
    void serverErrorsAreOneLineWithoutValuesOrStackTraces() {
        CliProcess.Result r = cli.env("COFFER_PROJECT_ID", "00000000-0000-0000-0000-000000000000")
                .run("run", "--", "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr())
                .startsWith("coffer: ")
                .contains("not found")
                .doesNotContain(VALUE)
                .doesNotContain("\tat ");
    }

    @Test
    void wrongCredentialsFailWithoutFallingBackOrPrintingTheSecret() {
        CliProcess.Result r = cli.env("COFFER_CLIENT_SECRET", "0".repeat(64)).run("run", "--", "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("Invalid credentials").doesNotContain("0".repeat(64));
    }

    @Test
    void aStoppedServerFallsBackToTheEncryptedLocalCacheWithAWarning() {
        assertThat(cli.run("run", "--", "true").exitCode()).isZero();
        server.stop();
        CliProcess.Result r = cli.run("run", "--", "sh", "-c", "printf %s \"$API_KEY\"");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(VALUE);
        assertThat(r.stderr()).contains("warning").contains("cached").doesNotContain(VALUE);
    }

    @Test
    void offlineUsesOnlyTheCacheAndSaysSoWhenThereIsNone() {
        CliProcess.Result none = cli.run("run", "--offline", "--", "true");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("no local cache");
        assertThat(cli.run("run", "--", "true").exitCode()).isZero();
        CliProcess.Result r = cli.run("run", "--offline", "--", "sh", "-c", "printf %s \"$API_KEY\"");
        assertThat(r.stdout()).isEqualTo(VALUE);
    }

    @Test
    void withoutServerOrCacheTheRunFailsWithoutStartingTheCommand() {
        server.stop();
        CliProcess.Result r = cli.run("run", "--", "sh", "-c", "echo started");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).doesNotContain("started");
        assertThat(r.stderr()).contains("Cannot reach Coffer").contains("No local cache");
    }

    @Test
    void aTermSignalToCofferReachesTheCommand() throws Exception {
        Process p = cli.builder(
                        "run",
                        "--",
                        "sh",
                        "-c",
                        "trap 'echo got-term; exit 42' TERM; echo ready; while true; do sleep 0.1; done")
                .start();
        try {
            CliProcess.Lines out = new CliProcess.Lines(p);
            assertThat(out.next(30)).isEqualTo("ready");
            // SIGTERM as 'kill' sends it (Process.destroy would also close our end of the pipes)
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(out.next(20)).isEqualTo("got-term");
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isNotZero();
        } finally {
            CliProcess.killTree(p);
        }
    }

    @Test
    void standardInputReachesTheCommand() {
        CliProcess.Result r = cli.runWithInput("hello from stdin", "run", "--", "cat");
        assertThat(r.stdout()).isEqualTo("hello from stdin");
    }

    @Test
    void infisicalVariableNamesWorkWhenNoCofferOnesAreSet() {
        CliProcess.Result r = cli.env("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", app.clientId())
                .env("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", app.clientSecret())
                .env("INFISICAL_API_URL", server.baseUrl() + "/api")
                .env("INFISICAL_PROJECT_ID", project)
                .env("COFFER_CLIENT_ID", null)
                .env("COFFER_CLIENT_SECRET", null)
                .env("COFFER_API_URL", null)
                .env("COFFER_PROJECT_ID", null)
                .run("run", "--", "sh", "-c", "printf %s \"$API_KEY\"");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(VALUE);
    }

    @Test
    void watchRestartsTheCommandWhenASecretChanges() throws Exception {
        Process p = cli.builder(
                        "run",
                        "--watch",
                        "--watch-interval",
                        "1",
                        "--",
                        "sh",
                        "-c",
                        "echo \"len=${#API_KEY}\"; while true; do sleep 0.1; done")
                .start();
        try {
            CliProcess.Lines out = new CliProcess.Lines(p);
            assertThat(out.next(30)).isEqualTo("len=" + VALUE.length());
            var r = server.api()
                    .patch(
                            "/api/v3/secrets/raw/API_KEY",
                            f.admin().token(),
                            java.util.Map.of("workspaceId", project, "environment", "dev", "secretValue", "short"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            // the old child is stopped and a new one started with the new value (checked every second)
            assertThat(out.next(30)).isEqualTo("len=5");
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            p.waitFor(20, TimeUnit.SECONDS);
            CliProcess.killTree(p);
        }
    }
}
