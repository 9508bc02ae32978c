package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        project = f.project("run");
        app = f.machine("app", "no-access");
        f.member(project, app.id(), "viewer");
        f.secret(project, "dev", "/", "API_KEY", VALUE);
        f.secret(project, "dev", "/", "URL", "https://${API_KEY}.example");
        f.secret(project, "prod", "/", "API_KEY", "prod-value");
        cli = new CliProcess(home).env("COFFER_API_URL", server.baseUrl()).env("COFFER_CLIENT_ID", app.clientId())
                .env("COFFER_CLIENT_SECRET", app.clientSecret()).env("COFFER_PROJECT_ID", project);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theCommandSeesTheSecretsAsEnvironmentVariablesOnTopOfItsOwnEnvironment() {
        CliProcess.Result r = cli.env("KEEP_ME", "kept").env("API_KEY", "shadowed")
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
        assertThat(r.stderr()).contains("Cannot start 'no-such-command-xyz'").doesNotContain(VALUE);
    }

    @Test
    void serverErrorsAreOneLineWithoutValuesOrStackTraces() {
        CliProcess.Result r = cli.env("COFFER_PROJECT_ID", "00000000-0000-0000-0000-000000000000").run("run", "--", "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("coffer: ").contains("not found").doesNotContain(VALUE).doesNotContain("\tat ");
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
        Process p = cli.builder("run", "--", "sh", "-c",
                "trap 'echo got-term; exit 42' TERM; echo ready; while true; do sleep 0.1; done").start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        // SIGTERM as 'kill' sends it (Process.destroy would also close our end of the pipes)
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out.readLine()).isEqualTo("got-term");
        assertThat(p.exitValue()).isNotZero();
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
                .env("INFISICAL_API_URL", server.baseUrl() + "/api").env("INFISICAL_PROJECT_ID", project)
                .env("COFFER_CLIENT_ID", null).env("COFFER_CLIENT_SECRET", null).env("COFFER_API_URL", null)
                .env("COFFER_PROJECT_ID", null)
                .run("run", "--", "sh", "-c", "printf %s \"$API_KEY\"");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(VALUE);
    }
}
