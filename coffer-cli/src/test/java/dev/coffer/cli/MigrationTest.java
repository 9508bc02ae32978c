package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.Scope;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaving .env files behind: {@code import} migrates a fixture project of several .env files exactly,
 * {@code export} round-trips through {@code import}, and {@code secrets}, {@code folders}, {@code login},
 * {@code init} work as a user would use them.
 */
class MigrationTest {

    @TempDir
    Path home;

    @TempDir
    Path repo;

    private TestServer server;
    private CliProcess cli;
    private String project;
    private CofferClient sdk;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        project = f.project("migration");
        Fixtures.Machine app = f.machine("migrator", "no-access");
        f.member(project, app.id(), "member");
        cli = new CliProcess(home)
                .in(repo)
                .env("COFFER_API_URL", server.baseUrl())
                .env("COFFER_CLIENT_ID", app.clientId())
                .env("COFFER_CLIENT_SECRET", app.clientSecret())
                .env("COFFER_PROJECT_ID", project);
        sdk = CofferClient.builder()
                .apiUrl(server.baseUrl())
                .universalAuth(app.clientId(), app.clientSecret())
                .cacheTtl(java.time.Duration.ZERO)
                .build();
        write(
                ".env",
                "# local development\nDATABASE_URL=postgres://dev:devpw@localhost/app\nexport DEBUG=true\n"
                        + "MULTI=\"line one\\nline two\"\nQUOTED='single $NOT_EXPANDED'\n");
        write(
                ".env.production",
                "DATABASE_URL=\"postgres://prod:p#ss@db/app\"  # inline comment\nDEBUG=false\n"
                        + "PRIVATE_KEY=\"-----BEGIN KEY-----\nabc\n-----END KEY-----\"\n");
        write("services/api/.env.staging", "API_TOKEN=staging-token\nDEBUG=false\nDEBUG=true\n");
        write("services/api/.env.example", "API_TOKEN=changeme\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void write(String rel, String content) throws Exception {
        Path f = repo.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
    }

    private Map<String, String> secrets(String env, String path) {
        return sdk.secretMap(new Scope(project, env, path, false, false, false));
    }

    @Test
    void importIsADryRunUntilApplyThenMigratesEveryFileExactly() {
        CliProcess.Result dry = cli.run("import", "--scan-dir", ".");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.stdout())
                .contains("dev:/  create 4")
                .contains("prod:/  create 3")
                .contains("staging:/services/api  create 2")
                .contains("skipped")
                .contains(".env.example")
                .contains("duplicate: DEBUG")
                .contains("Dry run: nothing was written")
                .doesNotContain("devpw")
                .doesNotContain("staging-token");
        assertThat(secrets("dev", "/")).isEmpty();

        CliProcess.Result applied = cli.run("import", "--scan-dir", ".", "--apply");
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(secrets("dev", "/"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "DATABASE_URL",
                        "postgres://dev:devpw@localhost/app",
                        "DEBUG",
                        "true",
                        "MULTI",
                        "line one\nline two",
                        "QUOTED",
                        "single $NOT_EXPANDED"));
        assertThat(secrets("prod", "/"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "DATABASE_URL",
                        "postgres://prod:p#ss@db/app",
                        "DEBUG",
                        "false",
                        "PRIVATE_KEY",
                        "-----BEGIN KEY-----\nabc\n-----END KEY-----"));
        assertThat(secrets("staging", "/services/api"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("API_TOKEN", "staging-token", "DEBUG", "true"));

        CliProcess.Result again = cli.run("import", "--scan-dir", ".");
        assertThat(again.stdout()).contains("dev:/  create 0, update 0, unchanged 4");
    }

    @Test
    void aLocalOverrideGoesToTheEnvironmentItOverridesAndVaultAndKeysFilesAreSkipped() throws Exception {
        write(".env.production.local", "DEBUG=local\n");
        write(".env.vault", "DOTENV_VAULT_PRODUCTION=\"encrypted\"\n");
        write(".env.keys", "DOTENV_PRIVATE_KEY=abc\n");
        CliProcess.Result dry = cli.run("import", "--scan-dir", ".");
        assertThat(dry.stdout())
                .contains(".env.production.local -> prod:/ (1 secrets), a local override of prod")
                .contains(".env.vault: an encrypted dotenv-vault file")
                .contains(".env.keys: dotenvx's decryption keys")
                .doesNotContain("production-local")
                .doesNotContain("DOTENV_VAULT_PRODUCTION");
        assertThat(cli.run("import", "--scan-dir", ".", "--apply").exitCode()).isZero();
        assertThat(secrets("prod", "/")).containsEntry("DEBUG", "local").doesNotContainKey("DOTENV_VAULT_PRODUCTION");
        CliProcess.Result named = cli.run("import", ".env.vault", "--env", "dev");
        assertThat(named.stdout()).contains("skipped .env.vault");
    }

    @Test
    void anExistingDifferentValueIsNeverOverwrittenWithoutOverwrite() throws Exception {
        sdk.createSecret(new Scope(project, "dev", "/", false, false, false), "DEBUG", "server-value", null);
        CliProcess.Result r = cli.run("import", ".env", "--apply");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("skipped (exists with another value; --overwrite replaces it): DEBUG");
        assertThat(secrets("dev", "/")).containsEntry("DEBUG", "server-value").containsKey("DATABASE_URL");

        CliProcess.Result o = cli.run("import", ".env", "--apply", "--overwrite");
        assertThat(o.stdout()).contains("update: DEBUG");
        assertThat(secrets("dev", "/")).containsEntry("DEBUG", "true");
    }

    @Test
    void theEnvironmentOfAFileComesFromItsNameUnlessGiven() {
        assertThat(cli.run("import", ".env.production", "--apply").exitCode()).isZero();
        assertThat(secrets("prod", "/")).containsKey("PRIVATE_KEY");
        assertThat(cli.run("import", ".env.production", "--env", "staging", "--path", "/legacy", "--apply")
                        .exitCode())
                .isZero();
        assertThat(secrets("staging", "/legacy")).containsKey("PRIVATE_KEY");
    }

    @Test
    void aFileWithBadLinesIsReportedWithLineNumbersAndExitsNonZero() throws Exception {
        write("bad.env", "GOOD=1\nthis is not an assignment\nQ=\"unterminated\n");
        CliProcess.Result r = cli.run("import", "bad.env", "--env", "dev");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.stdout()).as(r.all()).contains("problem: line 2").contains("problem: line 3");
    }

    @Test
    void exportRoundTripsThroughImportInEveryFormatThatImportReads() throws Exception {
        Scope dev = new Scope(project, "dev", "/", false, false, false);
        Map<String, String> tricky = new LinkedHashMap<>();
        tricky.put("PLAIN", "abc");
        tricky.put("SPACES", "  padded value  ");
        tricky.put("QUOTES", "it's \"quoted\"");
        tricky.put("NEWLINES", "a\nb\r\nc");
        tricky.put("DOLLAR", "${NOT_A_REF} $HOME \\ back");
        tricky.put("HASH", "x # not a comment");
        tricky.put("UNICODE", "naïve ☃ 🚀");
        sdk.upsertSecrets(dev, tricky);
        for (String format : new String[] {"dotenv", "dotenv-export"}) {
            CliProcess.Result exported = cli.run("export", "--format", format, "--expand=false", "-o", "out." + format);
            assertThat(exported.exitCode()).as(exported.all()).isZero();
            assertThat(Files.getPosixFilePermissions(repo.resolve("out." + format)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            CliProcess.Result imported = cli.run(
                    "import", "out." + format, "--env", "prod", "--path", "/" + format.replace("-", "_"), "--apply");
            assertThat(imported.exitCode()).as(imported.all()).isZero();
            Map<String, String> back = secrets("prod", "/" + format.replace("-", "_"));
            // dotenv-export is written for shells (single quotes, raw line breaks): a CR reads back as LF
            Map<String, String> expected = new LinkedHashMap<>(tricky);
            if (format.equals("dotenv-export")) expected.put("NEWLINES", "a\nb\nc");
            assertThat(back)
                    .as("%s round trip: %s", format, diff(expected, back))
                    .isEqualTo(expected);
        }
        CliProcess.Result json = cli.run("export", "--format", "json", "--expand=false");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(json.stdout())
                        .get("UNICODE")
                        .asText())
                .isEqualTo("naïve ☃ 🚀");
        assertThat(cli.run("export", "--format", "yaml").stdout()).contains("PLAIN: \"abc\"");
        assertThat(cli.run("export", "--format", "csv").stdout()).startsWith("key,value");
        CliProcess.Result bad = cli.run("export", "--format", "xml");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("dotenv");
    }

    @Test
    void secretsSetGetListAndDeleteWorkWithoutEchoingValues() {
        CliProcess.Result set = cli.run("secrets", "set", "A=1", "B=two words");
        assertThat(set.exitCode()).as(set.all()).isZero();
        assertThat(set.stderr()).contains("set 2 secrets").contains("2 created").doesNotContain("two words");
        CliProcess.Result stdin = cli.runWithInput("C=from stdin\nB=changed\n", "secrets", "set", "-");
        assertThat(stdin.stderr()).contains("1 created, 1 updated");
        assertThat(cli.run("secrets", "get", "B").stdout()).isEqualTo("changed\n");
        assertThat(cli.run("secrets", "get", "A", "C").stdout()).isEqualTo("A=1\nC=from stdin\n");
        CliProcess.Result list = cli.run("secrets", "list");
        assertThat(list.stdout()).contains("A\t(v1)").contains("B\t(v2)").doesNotContain("changed");
        assertThat(cli.run("secrets", "list", "--values").stdout()).contains("B=changed");
        assertThat(cli.run("secrets", "delete", "A").exitCode()).isZero();
        CliProcess.Result missing = cli.run("secrets", "get", "A");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("coffer: ").contains("not found");
        assertThat(cli.run("secrets", "set", "novalue").exitCode()).isEqualTo(2);
    }

    @Test
    void foldersCanBeCreatedListedAndDeleted() {
        assertThat(cli.run("folders", "create", "app").exitCode()).isZero();
        assertThat(cli.run("folders", "create", "db", "--path", "/app").exitCode())
                .isZero();
        assertThat(cli.run("folders", "list").stdout()).isEqualTo("app\n");
        assertThat(cli.run("folders", "list", "--recursive").stdout()).isEqualTo("/app\n/app/db\n");
        assertThat(cli.run("folders", "delete", "app").exitCode()).isZero();
        assertThat(cli.run("folders", "list").stdout()).isEmpty();
    }

    @Test
    void loginStoresCredentialsPrivatelyAndInitTiesTheDirectoryToAProject() throws Exception {
        String id = cliEnv("COFFER_CLIENT_ID");
        String secret = cliEnv("COFFER_CLIENT_SECRET");
        CliProcess plain = new CliProcess(home).in(repo);
        CliProcess.Result login = plain.runWithInput(
                secret + "\n", "login", "--api-url", server.baseUrl(), "--client-id", id, "--client-secret-stdin");
        assertThat(login.exitCode()).as(login.all()).isZero();
        assertThat(login.all()).doesNotContain(secret);
        Path creds = home.resolve("config/credentials.json");
        assertThat(Files.getPosixFilePermissions(creds)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        CliProcess.Result init = plain.run("init", "--projectId", project, "--env", "dev");
        assertThat(init.exitCode()).as(init.all()).isZero();
        assertThat(Files.readString(repo.resolve(".gitignore"))).contains(".coffer.json");
        CliProcess.Result set = plain.run("secrets", "set", "FROM_LOGIN=yes");
        assertThat(set.exitCode()).as(set.all()).isZero();
        assertThat(plain.run("run", "--", "sh", "-c", "printf %s \"$FROM_LOGIN\"")
                        .stdout())
                .isEqualTo("yes");

        assertThat(plain.run("logout").exitCode()).isZero();
        CliProcess.Result after = plain.run("secrets", "list");
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.stderr()).contains("Not logged in");
        CliProcess.Result wrong = plain.runWithInput(
                "f".repeat(64) + "\n",
                "login",
                "--api-url",
                server.baseUrl(),
                "--client-id",
                id,
                "--client-secret-stdin");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(Files.exists(creds)).isFalse();
    }

    /** Names whose values differ, with both values escaped (test values only). */
    private static String diff(Map<String, String> want, Map<String, String> got) {
        StringBuilder sb = new StringBuilder();
        want.forEach((k, v) -> {
            String g = got.get(k);
            if (!v.equals(g))
                sb.append(k)
                        .append(": want ")
                        .append(escape(v))
                        .append(" got ")
                        .append(escape(g))
                        .append("; ");
        });
        return sb.toString();
    }

    private static String escape(String s) {
        return s == null ? "null" : s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private String cliEnv(String name) {
        return cli.builder().environment().get(name);
    }
}
