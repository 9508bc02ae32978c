package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.Scope;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values that stay off the command line, and reading an earlier version of a secret. */
class SecretInputTest {

    @TempDir
    Path home;

    private TestServer server;
    private CliProcess cli;
    private CofferClient sdk;
    private Scope dev;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        String project = f.project("inputs");
        Fixtures.Machine app = f.machine("app", "no-access");
        f.member(project, app.id(), "member");
        cli = new CliProcess(home)
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_CLIENT_ID", app.clientId())
                .env("COFFER_CLIENT_SECRET", app.clientSecret())
                .env("COFFER_PROJECT_ID", project);
        sdk = CofferClient.builder()
                .apiUrl(server.baseUrl())
                .universalAuth(app.clientId(), app.clientSecret())
                .cacheTtl(java.time.Duration.ZERO)
                .build();
        dev = new Scope(project, "dev", "/", false, false, false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aValueCanComeFromStandardInputOrAFileExactlyButForOneFinalLineBreak() throws Exception {
        CliProcess.Result stdin = cli.runWithInput("s3cr3t 'with' $pecial\n", "secrets", "set", "PW", "--value-stdin");
        assertThat(stdin.exitCode()).as(stdin.all()).isZero();
        assertThat(stdin.all()).doesNotContain("s3cr3t");
        assertThat(sdk.getSecret(dev, "PW").valueText()).isEqualTo("s3cr3t 'with' $pecial");

        Path pem = home.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN KEY-----\nabc\n-----END KEY-----\n\n");
        CliProcess.Result file = cli.run("secrets", "set", "TLS_KEY", "--value-file", pem.toString());
        assertThat(file.exitCode()).as(file.all()).isZero();
        assertThat(sdk.getSecret(dev, "TLS_KEY").valueText())
                .isEqualTo("-----BEGIN KEY-----\nabc\n-----END KEY-----\n");

        assertThat(cli.run("secrets", "set", "A=1", "B", "--value-file", pem.toString())
                        .exitCode())
                .isEqualTo(2);
        CliProcess.Result none = cli.run(
                "secrets", "set", "X", "--value-file", home.resolve("nope").toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("no such file");
    }

    @Test
    void secretsGetVersionPrintsThatVersion() {
        assertThat(cli.run("secrets", "set", "K=one").exitCode()).isZero();
        assertThat(cli.run("secrets", "set", "K=two").exitCode()).isZero();
        CliProcess.Result v1 = cli.run("secrets", "get", "K", "--version", "1");
        assertThat(v1.exitCode()).as(v1.stderr()).isZero();
        assertThat(v1.stdout()).isEqualTo("one\n");
        assertThat(cli.run("secrets", "get", "K").stdout()).isEqualTo("two\n");
        assertThat(cli.run("--version").stdout()).startsWith("Coffer CLI");
    }
}
