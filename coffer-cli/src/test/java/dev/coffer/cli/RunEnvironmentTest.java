package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code coffer run} lets into the child's environment: not Coffer's own credentials, and no
 * secret that changes how programs start (a preloaded library, a shell start-up file, runtime options)
 * unless allowed by name.
 */
class RunEnvironmentTest {

    @TempDir
    Path home;

    private TestServer server;
    private CliProcess cli;
    private Fixtures.Machine app;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        String project = f.project("run-env");
        app = f.machine("app", "no-access");
        f.member(project, app.id(), "viewer");
        f.secret(project, "dev", "/", "API_KEY", "k");
        f.secret(project, "dev", "/", "NODE_OPTIONS", "--require /tmp/evil.js");
        f.secret(project, "staging", "/", "API_KEY", "s");
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
    void aSecretThatChangesHowProgramsStartIsRefusedAndNothingRuns() {
        CliProcess.Result r = cli.run("run", "--", "sh", "-c", "echo started");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).doesNotContain("started");
        assertThat(r.stderr())
                .contains("NODE_OPTIONS")
                .contains("--allow-env NODE_OPTIONS")
                .doesNotContain("evil");
    }

    @Test
    void allowedByNameItReachesTheCommand() {
        CliProcess.Result r =
                cli.run("run", "--allow-env", "NODE_OPTIONS", "--", "sh", "-c", "printf %s \"$NODE_OPTIONS\"");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("--require /tmp/evil.js");
    }

    @Test
    void theCommandDoesNotInheritCoffersOwnCredentials() {
        CliProcess.Result r = cli.env("COFFER_TOKEN", app.token())
                .run(
                        "run",
                        "--env=staging",
                        "--",
                        "sh",
                        "-c",
                        "printf '%s|%s|%s' \"${COFFER_CLIENT_SECRET-unset}\" \"${COFFER_TOKEN-unset}\" \"$API_KEY\"");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("unset|unset|s");
    }
}
