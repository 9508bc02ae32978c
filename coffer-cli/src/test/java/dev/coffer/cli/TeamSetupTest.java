package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team sets Coffer up from the command line alone: the bootstrap user logs in with a password, creates
 * a project and a secret, a machine identity (credentials printed once) and gives it a role; a person is
 * added by email; the identity logs in for CI with Infisical's flags and reads the secret. A person's
 * session renews itself when its access token runs out.
 */
class TeamSetupTest {

    static final String EMAIL = "admin@example.com";
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    private TestServer server;
    private Fixtures fixtures;
    private CliProcess cli;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        fixtures = new Fixtures(server.api());
        fixtures.admin(); // the instance is bootstrapped
        cli = new CliProcess(home).env("COFFER_API_URL", server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliProcess.Result ok(CliProcess.Result r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r;
    }

    private void logIn() {
        CliProcess.Result login = ok(cli.runWithInput(PASSWORD + "\n", "login", "--email", EMAIL, "--password-stdin"));
        assertThat(login.stderr()).contains("logged in to " + server.baseUrl() + " as " + EMAIL);
        assertThat(login.all()).doesNotContain(PASSWORD);
    }

    @Test
    void fromPasswordLoginToAnIdentityReadingASecretWithoutCurl() throws Exception {
        Files.createDirectories(home.resolve("machine"));
        Files.createDirectories(home.resolve("ci"));
        logIn();
        String project = ok(cli.run("projects", "create", "shop")).stdout().strip();
        assertThat(project).matches("[0-9a-f-]{36}");
        ok(cli.run("secrets", "set", "DATABASE_URL=postgres://db/shop", "--projectId", project, "--env", "dev"));
        assertThat(ok(cli.run("projects", "list")).stdout()).contains(project).contains("dev,staging,prod");

        CliProcess.Result created = ok(cli.run("identities", "create", "shop-api"));
        Map<String, String> creds = new java.util.HashMap<>();
        for (String line : created.stdout().strip().split("\n")) {
            creds.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        assertThat(creds).containsOnlyKeys("COFFER_CLIENT_ID", "COFFER_CLIENT_SECRET");
        assertThat(created.stderr()).contains("shown only now").doesNotContain(creds.get("COFFER_CLIENT_SECRET"));

        // not a member yet: the identity reads nothing
        CliProcess machine = new CliProcess(home.resolve("machine"))
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_CLIENT_ID", creds.get("COFFER_CLIENT_ID"))
                .env("COFFER_CLIENT_SECRET", creds.get("COFFER_CLIENT_SECRET"));
        assertThat(machine.run("secrets", "list", "--projectId", project).exitCode())
                .isEqualTo(1);

        ok(cli.run("members", "add", "shop-api", "--role", "viewer", "--projectId", project));
        assertThat(ok(machine.run("secrets", "get", "DATABASE_URL", "--projectId", project))
                        .stdout())
                .isEqualTo("postgres://db/shop\n");

        // Infisical's CI habit: a token on stdout, nothing stored
        CliProcess ci = new CliProcess(home.resolve("ci"));
        CliProcess.Result token = ok(ci.run(
                "login",
                "--method=universal-auth",
                "--client-id",
                creds.get("COFFER_CLIENT_ID"),
                "--client-secret",
                creds.get("COFFER_CLIENT_SECRET"),
                "--domain",
                server.baseUrl() + "/api",
                "--silent",
                "--plain"));
        assertThat(token.stderr()).isEmpty();
        assertThat(Files.exists(home.resolve("ci/config/credentials.json"))).isFalse();
        assertThat(ok(ci.env("COFFER_TOKEN", token.stdout().strip())
                                .run("secrets", "list", "--projectId", project, "--api-url", server.baseUrl()))
                        .stdout())
                .contains("DATABASE_URL");

        // a viewer cannot write; members list shows the roles
        assertThat(machine.run("secrets", "set", "X=1", "--projectId", project).exitCode())
                .isEqualTo(1);
        assertThat(ok(cli.run("members", "list", "--projectId", project)).stdout())
                .contains("identity  shop-api")
                .contains("viewer")
                .contains("user      " + EMAIL);
        ok(cli.run("members", "update", "shop-api", "--role", "member", "--projectId", project));
        ok(machine.run("secrets", "set", "X=1", "--projectId", project));
        ok(cli.run("members", "remove", "shop-api", "--projectId", project));
        assertThat(machine.run("secrets", "list", "--projectId", project).exitCode())
                .isEqualTo(1);
    }

    @Test
    void aPersonIsAddedByEmailWithATemporaryRole() {
        logIn();
        String project = ok(cli.run("projects", "create", "team")).stdout().strip();
        var invite = server.api()
                .post(
                        "/api/v1/organization/" + fixtures.admin().orgId() + "/invite",
                        fixtures.admin().token(),
                        Map.of("email", "ana@example.com", "role", "member"));
        assertThat(server.api()
                        .post(
                                "/api/v1/invite-org/accept",
                                null,
                                Map.of("token", invite.json().get("token").asText(), "password", "Ana's passphrase"))
                        .status())
                .isEqualTo(200);
        ok(cli.run(
                "members", "add", "ana@example.com", "--role", "viewer", "--temporary", "8h", "--projectId", project));
        assertThat(ok(cli.run("members", "list", "--projectId", project)).stdout())
                .contains("ana@example.com")
                .contains("viewer (until ");

        CliProcess.Result unknown =
                cli.run("members", "add", "bob@example.com", "--role", "viewer", "--projectId", project);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("invite them first");
        assertThat(cli.run("members", "add", "ana@example.com", "--projectId", project)
                        .exitCode())
                .isEqualTo(2); // --role is required
    }

    @Test
    void aSessionWhoseAccessTokenRanOutIsRenewedAndStored() throws Exception {
        logIn();
        Path file = home.resolve("config/credentials.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode stored = (ObjectNode) json.readTree(file.toFile());
        String oldRefresh = stored.get("refreshToken").asText();
        stored.put("expiresAt", System.currentTimeMillis() - 1000);
        Files.writeString(file, json.writeValueAsString(stored));

        ok(cli.run("projects", "list"));
        JsonNode renewed = json.readTree(file.toFile());
        assertThat(renewed.get("refreshToken").asText()).isNotEqualTo(oldRefresh);
        assertThat(renewed.get("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis());

        // the session ended on the server (logged out elsewhere): a clear message, no stack trace
        stored = (ObjectNode) renewed;
        stored.put("refreshToken", oldRefresh); // already replaced, so refused
        stored.put("expiresAt", System.currentTimeMillis() - 1000);
        Files.writeString(file, json.writeValueAsString(stored));
        CliProcess.Result ended = cli.run("projects", "list");
        assertThat(ended.exitCode()).isEqualTo(1);
        assertThat(ended.stderr()).contains("has ended").contains("coffer login --email " + EMAIL);
    }

    @Test
    void aWrongPasswordIsOneLineAndStoresNothing() {
        CliProcess.Result r = cli.runWithInput("wrong password\n", "login", "--email", EMAIL, "--password-stdin");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(Files.exists(home.resolve("config/credentials.json"))).isFalse();
        CliProcess.Result noInput = cli.run("login", "--email", EMAIL);
        assertThat(noInput.exitCode()).isEqualTo(2);
        assertThat(noInput.stderr()).contains("--password-stdin");
    }
}
