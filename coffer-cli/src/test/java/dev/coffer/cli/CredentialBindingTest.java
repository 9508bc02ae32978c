package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials go only where they were meant to go, and only the right ones work: a stored login is
 * bound to its server, a URL from a file in the working tree gets no credentials from the environment,
 * a cached token needs the secret it was obtained with, and secrets can be given without putting them
 * on the command line.
 */
class CredentialBindingTest {

    @TempDir
    Path home;

    @TempDir
    Path repo;

    private TestServer server;
    private Fixtures.Machine app;
    private String project;
    private RawListener elsewhere;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        project = f.project("binding");
        app = f.machine("app", "no-access");
        f.member(project, app.id(), "member");
        f.secret(project, "dev", "/", "API_KEY", "the-value");
        elsewhere = new RawListener();
    }

    @AfterEach
    void stop() throws Exception {
        elsewhere.close();
        server.close();
    }

    private CliProcess loggedIn() {
        CliProcess cli = new CliProcess(home).in(repo);
        CliProcess.Result login = cli.runWithInput(
                app.clientSecret() + "\n",
                "login",
                "--api-url",
                server.baseUrl(),
                "--client-id",
                app.clientId(),
                "--client-secret-stdin");
        assertThat(login.exitCode()).as(login.all()).isZero();
        return cli;
    }

    @Test
    void aStoredLoginIsNotSentToAnotherServerNamedByOptionOrVariable() {
        CliProcess cli = loggedIn();
        assertThat(cli.run("secrets", "list", "--projectId", project).exitCode())
                .isZero();

        CliProcess.Result option = cli.run("secrets", "list", "--projectId", project, "--api-url", elsewhere.url());
        assertThat(option.exitCode()).isEqualTo(1);
        assertThat(option.stderr())
                .contains("stored login is for " + server.baseUrl())
                .contains("coffer login --api-url " + elsewhere.url())
                .doesNotContain(app.clientSecret());

        CliProcess.Result variable =
                cli.env("COFFER_API_URL", elsewhere.url()).run("run", "--projectId", project, "--", "true");
        assertThat(variable.exitCode()).isEqualTo(1);
        assertThat(variable.stderr()).contains("from COFFER_API_URL");
        assertThat(cli.env("COFFER_API_URL", null)
                        .env("INFISICAL_DOMAIN", elsewhere.url())
                        .run("secrets", "list", "--projectId", project)
                        .exitCode())
                .isEqualTo(1);
        assertThat(elsewhere.connections())
                .as("connections to the other server")
                .isZero();
    }

    @Test
    void credentialsFromTheEnvironmentAreNotSentToAUrlThatOnlyAFileNames() throws Exception {
        Files.writeString(
                repo.resolve(".infisical.json"),
                "{\"workspaceId\":\"" + project + "\",\"defaultEnvironment\":\"dev\",\"domain\":\"" + elsewhere.url()
                        + "\"}",
                StandardCharsets.UTF_8);
        CliProcess cli = new CliProcess(home)
                .in(repo)
                .env("COFFER_CLIENT_ID", app.clientId())
                .env("COFFER_CLIENT_SECRET", app.clientSecret());
        CliProcess.Result r = cli.run("run", "--", "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains(".infisical.json").contains("--api-url");
        assertThat(elsewhere.connections()).isZero();
        // confirming the server explicitly is enough
        CliProcess.Result confirmed =
                cli.env("COFFER_API_URL", server.baseUrl()).run("run", "--", "sh", "-c", "printf %s \"$API_KEY\"");
        assertThat(confirmed.exitCode()).as(confirmed.stderr()).isZero();
        assertThat(confirmed.stdout()).isEqualTo("the-value");
    }

    @Test
    void aWrongClientSecretIsRefusedEvenWhileATokenFromTheRightOneIsCached() throws Exception {
        CliProcess cli = new CliProcess(home)
                .in(repo)
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_CLIENT_ID", app.clientId())
                .env("COFFER_CLIENT_SECRET", app.clientSecret())
                .env("COFFER_PROJECT_ID", project);
        assertThat(cli.run("secrets", "list").exitCode()).isZero();
        Path tokens = home.resolve("config/tokens");
        try (Stream<Path> files = Files.list(tokens)) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).doesNotContain(app.clientSecret());
            }
        }

        CliProcess.Result wrong =
                cli.env("COFFER_CLIENT_SECRET", "f".repeat(64)).run("secrets", "get", "API_KEY");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stdout()).doesNotContain("the-value");
        assertThat(wrong.stderr()).contains("Invalid credentials");

        // the right secret still uses its cached token
        CliProcess.Result right =
                cli.env("COFFER_CLIENT_SECRET", app.clientSecret()).run("secrets", "get", "API_KEY");
        assertThat(right.stdout()).isEqualTo("the-value\n");
    }

    @Test
    void loginReadsTheClientSecretFromAFile() throws Exception {
        Path secretFile = repo.resolve("secret.txt");
        Files.writeString(secretFile, app.clientSecret() + "\n");
        CliProcess cli = new CliProcess(home).in(repo);
        CliProcess.Result login = cli.run(
                "login",
                "--api-url",
                server.baseUrl() + "/api/",
                "--client-id",
                app.clientId(),
                "--client-secret-file",
                secretFile.toString());
        assertThat(login.exitCode()).as(login.all()).isZero();
        // the login is bound to the server however its URL is spelled
        CliProcess.Result r =
                cli.run("secrets", "get", "API_KEY", "--projectId", project, "--api-url", server.baseUrl() + "/");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("the-value\n");
    }
}
