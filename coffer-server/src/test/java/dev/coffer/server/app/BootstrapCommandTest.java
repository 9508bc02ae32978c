package dev.coffer.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code coffer bootstrap} against a real server: the password from stdin or a file (not only the
 * command line), {@code --new-token} for a fresh admin token, and usage errors (exit 2) that send
 * nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootstrapCommandTest {

    private static final String PASSWORD = "a password with spaces ";

    private TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        server = TestServer.start(Backend.SQLITE);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private record Run(int exit, String out, String err) {}

    private Run run(String stdin, String... args) {
        Main.Bootstrap command = new Main.Bootstrap();
        command.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.baseUrl()));
        int exit = new CommandLine(command)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString().trim(), err.toString());
    }

    private int adminRequest(String token) {
        return server.api().get("/api/v1/identities", token).status();
    }

    @Test
    void usageErrorsExitWith2AndSendNothingThenThePasswordFromStdinBootstrapsAndAFileMintsANewToken() throws Exception {
        Run none = run("", "--email", "root@example.com", "--organization", "Acme");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("--password-stdin").contains("--password-file");

        Run two = run(
                PASSWORD + "\n",
                "--email",
                "root@example.com",
                "--organization",
                "Acme",
                "--password-stdin",
                "--password",
                "x".repeat(12));
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).contains("only one of");

        Run missingFile = run(
                "",
                "--email",
                "root@example.com",
                "--organization",
                "Acme",
                "--password-file",
                dir.resolve("nope").toString());
        assertThat(missingFile.exit()).isEqualTo(2);
        assertThat(missingFile.err()).contains("does not exist");

        Run emptyStdin = run("\n", "--email", "root@example.com", "--organization", "Acme", "--password-stdin");
        assertThat(emptyStdin.exit()).isEqualTo(2);
        assertThat(emptyStdin.err()).contains("no password in stdin");

        Run newTokenWithOrg = run(
                PASSWORD, "--email", "root@example.com", "--organization", "Acme", "--new-token", "--password-stdin");
        assertThat(newTokenWithOrg.exit()).isEqualTo(2);

        // nothing above reached the server: the instance is still new
        Run boot = run(PASSWORD + "\r\n", "--email", "root@example.com", "--organization", "Acme", "--password-stdin");
        assertThat(boot.exit()).as(boot.err()).isZero();
        assertThat(adminRequest(boot.out())).isEqualTo(200);

        Path file = dir.resolve("password");
        Files.writeString(file, "wrong password\n");
        Run wrong = run("", "--email", "root@example.com", "--new-token", "--password-file", file.toString());
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err())
                .contains("(401)")
                .contains("Invalid credentials")
                .doesNotContain("wrong password");

        Files.writeString(file, PASSWORD + "\n");
        Run fresh = run(
                "",
                "--email",
                "root@example.com",
                "--new-token",
                "--password-file",
                file.toString(),
                "--token-ttl",
                "3600",
                "--json");
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("\"expiresIn\":3600");
        String token =
                Api.JSON.readTree(fresh.out()).at("/identity/credentials/token").asText();
        assertThat(token).isNotEqualTo(boot.out());
        assertThat(adminRequest(token)).isEqualTo(200);

        Run revokeWithoutNewToken = run(
                "",
                "--email",
                "root@example.com",
                "--organization",
                "B",
                "--revoke-others",
                "--password-file",
                file.toString());
        assertThat(revokeWithoutNewToken.exit()).isEqualTo(2);
        assertThat(revokeWithoutNewToken.err()).contains("--revoke-others goes with --new-token");

        Run rotated = run(
                "",
                "--email",
                "root@example.com",
                "--new-token",
                "--revoke-others",
                "--password-file",
                file.toString());
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(adminRequest(rotated.out())).isEqualTo(200);
        assertThat(adminRequest(token)).as("rotated away").isEqualTo(401);
        assertThat(adminRequest(boot.out())).as("rotated away").isEqualTo(401);
    }
}
