package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The team set-up without curl, end to end against a real server with the CLI as a process: roles from a
 * file that restrict an identity, an invitation accepted from the command line, service tokens, the audit
 * trail, bootstrap-token rotation, and Infisical's spellings (export --output-file, bare secrets, secrets
 * folders). Usage errors exit 2; tokens appear only where printed on purpose.
 */
// about 45 CLI processes (a JVM each): alongside the other classes on two cores, one took longer than
// CliProcess's 60 s limit in a full run, so this class runs on its own
@Isolated
class TeamCommandsTest {

    static final String ADMIN = "admin@example.com";
    static final String PASSWORD = "correct horse battery";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path work;

    TestServer server;
    Fixtures f;
    String project;
    CliProcess admin;

    @BeforeEach
    void start() {
        server = TestServer.start(Backend.SQLITE);
        f = new Fixtures(server.api());
        project = f.project("shop");
        f.secret(project, "dev", "/", "DEV_KEY", "dev-value");
        f.secret(project, "prod", "/", "PROD_KEY", "prod-value");
        admin = new CliProcess(home.resolve("admin")).in(work);
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

    static CliProcess.Result usage(CliProcess.Result r, String says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains(says);
        return r;
    }

    int read(String token, String env) {
        return server.api()
                .get("/api/v3/secrets/raw?workspaceId=" + project + "&environment=" + env + "&secretPath=/", token)
                .status();
    }

    @Test
    void aRoleFromAFileRestrictsTheIdentityGivenIt() throws Exception {
        Path file = work.resolve("dev-reader.json");
        Files.writeString(file, """
                {"slug": "dev-reader", "name": "Dev reader", "description": "dev only",
                 "permissions": [{"subject": "secrets", "action": ["read"], "conditions": {"environment": "dev"}}]}
                """);
        CliProcess.Result created = ok(admin.run("roles", "create", "--file", file.toString(), "--projectId", project));
        assertThat(created.stdout().strip()).isNotEmpty();
        assertThat(created.stderr()).contains("created role 'dev-reader' with 1 rules");
        assertThat(ok(admin.run("roles", "list", "--projectId", project)).stdout())
                .contains("SLUG")
                .contains("dev-reader")
                .contains("Dev reader");
        JsonNode got = JSON.readTree(ok(admin.run("roles", "get", "dev-reader", "--projectId", project))
                .stdout());
        assertThat(got.at("/permissions/0/conditions/environment").asText()).isEqualTo("dev");

        Fixtures.Machine app = f.machine("app", "no-access");
        f.member(project, app.id(), "dev-reader");
        assertThat(read(app.token(), "dev")).isEqualTo(200);
        assertThat(read(app.token(), "prod")).isEqualTo(403);

        String prodOnly = "{\"permissions\": [{\"subject\": \"secrets\", \"action\": [\"read\"], "
                + "\"conditions\": {\"environment\": \"prod\"}}]}";
        ok(admin.runWithInput(prodOnly, "roles", "update", "dev-reader", "--file", "-", "--projectId", project));
        assertThat(read(app.token(), "prod")).isEqualTo(200);
        assertThat(read(app.token(), "dev")).isEqualTo(403);

        CliProcess.Result held = admin.run("roles", "delete", "dev-reader", "--projectId", project);
        assertThat(held.exitCode()).as(held.all()).isEqualTo(1);

        usage(
                admin.run("roles", "create", "--file", work.resolve("nope.json").toString(), "--projectId", project),
                "no such file");
        Files.writeString(file, "{not json");
        usage(admin.run("roles", "create", "--file", file.toString(), "--projectId", project), "is not JSON");
        Files.writeString(file, "[]");
        usage(admin.run("roles", "create", "--file", file.toString(), "--projectId", project), "one JSON object");
        usage(admin.run("roles", "list"), "No project");
    }

    @Test
    void anInvitationAcceptedFromTheCommandLineLogsThePersonIn() {
        CliProcess.Result invited = ok(admin.run("users", "invite", "Bob@example.com", "--role", "member"));
        String token = invited.stdout().strip();
        assertThat(token).isNotEmpty();
        assertThat(invited.stderr())
                .contains("coffer users accept --api-url " + server.baseUrl() + " --token-stdin")
                .doesNotContain(token);

        CliProcess bob = new CliProcess(home.resolve("bob")).in(work);
        usage(bob.run("users", "accept", "--api-url", server.baseUrl()), "--token-stdin or --token");
        usage(
                bob.runWithInput(
                        token + "\n",
                        "users",
                        "accept",
                        "--api-url",
                        server.baseUrl(),
                        "--token-stdin",
                        "--password-stdin"),
                "no password on standard input (the line after the token)");
        CliProcess.Result accepted = ok(bob.runWithInput(
                token + "\nbobs long password\n",
                "users",
                "accept",
                "--api-url",
                server.baseUrl(),
                "--token-stdin",
                "--password-stdin"));
        assertThat(accepted.stderr())
                .contains("logged in to " + server.baseUrl() + " as bob@example.com")
                .doesNotContain(token)
                .doesNotContain("bobs long password");
        ok(bob.run("projects", "list"));
        CliProcess.Result again = bob.runWithInput(
                token + "\nx-long-password\n",
                "users",
                "accept",
                "--api-url",
                server.baseUrl(),
                "--token-stdin",
                "--password-stdin");
        assertThat(again.exitCode()).as("an invitation works once").isEqualTo(1);

        String list = ok(admin.run("users", "list")).stdout();
        assertThat(list).contains("EMAIL").containsPattern("bob@example.com\\s+member\\s+yes");
        ok(admin.run("users", "deactivate", "bob@example.com"));
        assertThat(ok(admin.run("users", "list")).stdout()).containsPattern("bob@example.com\\s+member\\s+no");
        ok(admin.run("users", "remove", "bob@example.com"));
        assertThat(ok(admin.run("users", "list")).stdout()).doesNotContain("bob@example.com");
        CliProcess.Result gone = admin.run("users", "remove", "bob@example.com");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).contains("No member of the organization has the email bob@example.com");
    }

    @Test
    void aServiceTokenIsPrintedOnceReadsItsScopeAndIsRevoked() {
        usage(
                admin.run(
                        "service-token",
                        "create",
                        "--name",
                        "ci",
                        "--scope",
                        "prod",
                        "--access",
                        "admin",
                        "--projectId",
                        project),
                "--access admin");
        usage(
                admin.run("service-token", "create", "--name", "ci", "--scope", ":/x", "--projectId", project),
                "give ENV:PATH");
        usage(
                admin.run(
                        "service-token",
                        "create",
                        "--name",
                        "ci",
                        "--scope",
                        "dev:/",
                        "--expires-in",
                        "7x",
                        "--projectId",
                        project),
                "--expires-in 7x");

        CliProcess.Result created = ok(admin.run(
                "service-token",
                "create",
                "--name",
                "ci",
                "--scope",
                "dev:/**", // a glob: one plain path would pin every read to it (Infisical's quirk)
                "--access",
                "read",
                "--expires-in",
                "7d",
                "--projectId",
                project));
        String token = created.stdout().strip();
        assertThat(token).startsWith("st.");
        assertThat(created.stderr()).contains("not shown again").doesNotContain(token);
        assertThat(read(token, "dev")).isEqualTo(200);
        assertThat(read(token, "prod")).isEqualTo(403);
        CliProcess.Result viaCli = new CliProcess(home.resolve("ci"))
                .in(work)
                .env("COFFER_TOKEN", token)
                .env("COFFER_API_URL", server.baseUrl())
                .run("secrets", "list", "--projectId", project, "--env", "dev");
        assertThat(viaCli.exitCode()).as(viaCli.all()).isZero();
        assertThat(viaCli.stdout()).contains("DEV_KEY");

        String list =
                ok(admin.run("service-token", "list", "--projectId", project)).stdout();
        assertThat(list).contains("ci").contains("dev:/**").contains("read").doesNotContain(token);
        String id = list.lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
        ok(admin.run("service-token", "revoke", id));
        assertThat(read(token, "dev")).isEqualTo(401);
    }

    @Test
    void theAuditTrailIsListedWithFilters() throws Exception {
        ok(admin.run("secrets", "get", "DEV_KEY", "--projectId", project, "--env", "dev"));
        String table = ok(admin.run("audit-logs", "list", "--limit", "50")).stdout();
        assertThat(table).startsWith("TIME").contains("EVENT").contains("ACTOR");
        CliProcess.Result lines =
                ok(admin.run("audit-logs", "list", "--event-type", "get-secret", "--since", "1h", "--jsonl"));
        assertThat(lines.stdout().lines().toList()).isNotEmpty().allSatisfy(l -> {
            JsonNode e = JSON.readTree(l);
            assertThat(e.at("/event/type").asText()).isEqualTo("get-secret");
        });
        assertThat(lines.stdout()).doesNotContain("dev-value");
        JsonNode all = JSON.readTree(ok(admin.run(
                        "audit-logs", "list", "--json", "--environment", "prod", "--until", "2000-01-01T00:00:00Z"))
                .stdout());
        assertThat(all.path("auditLogs")).isEmpty();

        usage(admin.run("audit-logs", "list", "--since", "yesterday"), "--since yesterday");
        usage(admin.run("audit-logs", "list", "--limit", "0"), "--limit 0");
        usage(admin.run("audit-logs", "list", "--json", "--jsonl"), "not both");
        CliProcess.Result unknown = admin.run("audit-logs", "list", "--event-type", "no-such-event");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("Unknown eventType");
    }

    @Test
    void theInstanceAdminListsAndRotatesBootstrapTokens() {
        String old = f.admin().token();
        String list = ok(admin.run("bootstrap-tokens", "list")).stdout();
        assertThat(list).contains("IDENTITY").contains("admin (" + f.admin().identityId() + ")");
        assertThat(list.lines().count()).isEqualTo(2);

        CliProcess.Result rotated = ok(admin.run("bootstrap-tokens", "rotate", "--token-ttl", "2h"));
        String fresh = rotated.stdout().strip();
        assertThat(rotated.stderr())
                .contains("revoked 1 earlier")
                .contains("7200 s")
                .doesNotContain(fresh);
        assertThat(server.api().get("/api/v1/identities", old).status()).isEqualTo(401);
        assertThat(server.api().get("/api/v1/identities", fresh).status()).isEqualTo(200);
        assertThat(ok(admin.run("bootstrap-tokens", "list")).stdout().lines().count())
                .isEqualTo(2);

        // a machine identity, even an admin, is not the instance admin
        CliProcess machine = new CliProcess(home.resolve("machine"))
                .in(work)
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_TOKEN", fresh);
        CliProcess.Result refused = machine.run("bootstrap-tokens", "list");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("instance admin");
        usage(admin.run("bootstrap-tokens", "rotate", "--token-ttl", "soon"), "--token-ttl soon");
    }

    @Test
    void infisicalHabitsExportOutputFileBareSecretsAndSecretsFolders() throws Exception {
        Path out = work.resolve("dev.env");
        ok(admin.run("export", "--output-file", out.toString(), "--projectId", project, "--env", "dev"));
        assertThat(Files.readString(out)).contains("DEV_KEY=");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");

        assertThat(ok(admin.run("secrets", "--projectId", project, "--env", "prod"))
                        .stdout())
                .contains("PROD_KEY");
        ok(admin.run("secrets", "folders", "create", "ci", "--projectId", project, "--env", "dev"));
        assertThat(ok(admin.run("secrets", "folders", "list", "--projectId", project, "--env", "dev"))
                        .stdout())
                .contains("ci");
        ok(admin.run("secrets", "folders", "delete", "ci", "--projectId", project, "--env", "dev"));
        assertThat(ok(admin.run("folders", "list", "--projectId", project, "--env", "dev"))
                        .stdout())
                .doesNotContain("ci");
    }
}
