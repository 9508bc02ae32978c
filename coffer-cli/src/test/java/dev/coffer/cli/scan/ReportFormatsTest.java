package dev.coffer.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text, JSON and SARIF reports, and the exit codes. */
class ReportFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path project;
    String awsKey;
    String password;

    @BeforeEach
    void twoSecretsInTwoFiles() throws IOException {
        Tokens t = new Tokens(21);
        awsKey = t.awsAccessKeyId();
        password = t.password();
        project = tmp.resolve("my project");
        Files.createDirectories(project.resolve("config"));
        Files.createDirectories(project.resolve("src dir"));
        Files.writeString(project.resolve("config/.env"), "# env\nAWS_ACCESS_KEY_ID=" + awsKey + "\n");
        Files.writeString(
                project.resolve("src dir/db.py"), "URL = \"postgresql://app:" + password + "@db:5432/app\"\n");
    }

    @Test
    void textHasOneLinePerFindingAndASummary() {
        Cli.Result r = Cli.run("scan", project.toString());
        assertThat(r.exit()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        String fp = Finding.fingerprint("aws-access-key-id", "config/.env", awsKey);
        assertThat(lines.get(0))
                .isEqualTo("config/.env:2:19  aws-access-key-id  AWS access key ID  " + awsKey.substring(0, 4) + "****"
                        + awsKey.substring(18) + "  fingerprint=" + fp);
        assertThat(lines.get(1))
                .startsWith("src dir/db.py:1:25  database-url-password  Database connection URL with a password  ");
        assertThat(lines.get(2)).startsWith("Found 2 secrets in 2 files (2 files scanned).");
        assertThat(r.err()).isEmpty();
        assertThat(r.all()).doesNotContain(awsKey).doesNotContain(password);
    }

    @Test
    void jsonIsAnArrayOfFindings() throws IOException {
        Cli.Result r = Cli.run("scan", project.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode array = JSON.readTree(r.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        JsonNode db = array.get(1);
        assertThat(db.get("ruleId").asText()).isEqualTo("database-url-password");
        assertThat(db.get("severity").asText()).isEqualTo("critical");
        assertThat(db.get("file").asText()).isEqualTo("src dir/db.py");
        assertThat(db.get("line").asInt()).isEqualTo(1);
        assertThat(db.get("column").asInt()).isEqualTo("URL = \"postgresql://app:".length() + 1);
        assertThat(db.get("endColumn").asInt()).isEqualTo(db.get("column").asInt() + password.length());
        assertThat(db.get("match").asText()).isEqualTo(Finding.redact(password)).contains("****");
        assertThat(db.get("fingerprint").asText()).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(db.has("commit")).isTrue();
        assertThat(r.all()).doesNotContain(awsKey).doesNotContain(password);
    }

    @Test
    void jsonOfACleanTreeIsAnEmptyArray() throws IOException {
        Path clean = Files.createDirectories(tmp.resolve("clean"));
        Files.writeString(clean.resolve("a.txt"), "nothing to see\n");
        Cli.Result r = Cli.run("scan", clean.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(JSON.readTree(r.out())).isEmpty();
    }

    @Test
    void sarifIsVersion210WithRulesAndResultsWithPhysicalLocations() throws IOException {
        Cli.Result r = Cli.run("scan", project.toString(), "--format", "sarif");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode sarif = JSON.readTree(r.out());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("$schema").asText()).contains("sarif");
        JsonNode run = sarif.get("runs").get(0);
        JsonNode driver = run.get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("coffer");
        List<String> ruleIds = new ArrayList<>();
        driver.get("rules").forEach(rule -> ruleIds.add(rule.get("id").asText()));
        assertThat(ruleIds)
                .containsExactlyElementsOf(
                        Rules.builtIn().stream().map(Rule::id).toList());
        JsonNode awsRule = driver.get("rules").get(ruleIds.indexOf("aws-access-key-id"));
        assertThat(awsRule.get("shortDescription").get("text").asText()).isEqualTo("AWS access key ID");
        assertThat(awsRule.get("defaultConfiguration").get("level").asText()).isEqualTo("error");
        assertThat(awsRule.get("properties").get("security-severity").asText()).isEqualTo("9.5");

        JsonNode results = run.get("results");
        assertThat(results).hasSize(2);
        JsonNode first = results.get(0);
        assertThat(first.get("ruleId").asText()).isEqualTo("aws-access-key-id");
        assertThat(first.get("ruleIndex").asInt()).isEqualTo(ruleIds.indexOf("aws-access-key-id"));
        assertThat(first.get("level").asText()).isEqualTo("error");
        assertThat(first.get("message").get("text").asText()).contains("AWS access key ID");
        JsonNode location = first.get("locations").get(0).get("physicalLocation");
        assertThat(location.get("artifactLocation").get("uri").asText()).isEqualTo("config/.env");
        assertThat(location.get("region").get("startLine").asInt()).isEqualTo(2);
        assertThat(location.get("region").get("startColumn").asInt()).isEqualTo(19);
        assertThat(location.get("region").get("endColumn").asInt()).isEqualTo(39);
        assertThat(first.get("partialFingerprints").get("cofferFingerprint/v1").asText())
                .isEqualTo(Finding.fingerprint("aws-access-key-id", "config/.env", awsKey));
        JsonNode second = results.get(1).get("locations").get(0).get("physicalLocation");
        assertThat(second.get("artifactLocation").get("uri").asText()).isEqualTo("src%20dir/db.py");
        assertThat(r.all()).doesNotContain(awsKey).doesNotContain(password);
    }

    @Test
    void sarifOfACleanTreeHasNoResults() throws IOException {
        Path clean = Files.createDirectories(tmp.resolve("clean"));
        Cli.Result r = Cli.run("scan", clean.toString(), "--format", "sarif");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(JSON.readTree(r.out()).get("runs").get(0).get("results")).isEmpty();
    }

    @Test
    void exitCodeIsZeroWhenCleanOneWhenSomethingIsFoundAndTwoOnUsageOrIoErrors() throws IOException {
        Path clean = Files.createDirectories(tmp.resolve("clean"));
        Files.writeString(clean.resolve("app.env"), "API_KEY=changeme\n");
        assertThat(Cli.run("scan", clean.toString()).exit()).isEqualTo(0);
        assertThat(Cli.run("scan", project.toString()).exit()).isEqualTo(1);

        Cli.Result missing = Cli.run("scan", tmp.resolve("does-not-exist").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or directory");
        assertThat(Cli.run("scan", project.toString(), "--format", "xml").exit())
                .isEqualTo(2);
        assertThat(Cli.run("scan", project.toString(), "--no-such-option").exit())
                .isEqualTo(2);
        assertThat(Cli.run("scan", project.toString(), "--git", "--staged").exit())
                .isEqualTo(2);
        Cli.Result noAllowlist = Cli.run(
                "scan",
                project.toString(),
                "--allowlist",
                tmp.resolve("nope.txt").toString());
        assertThat(noAllowlist.exit()).isEqualTo(2);
        assertThat(noAllowlist.err()).contains("cannot read the allow-list");
    }

    @Test
    void aFileThatFailsToReadMakesACleanScanExitWithTwo() {
        Path mem = Path.of("/proc/self/mem"); // a regular file whose first page cannot be read
        assumeTrue(Files.isRegularFile(mem), "needs Linux /proc");
        Cli.Result r = Cli.run("scan", mem.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read mem");
        assertThat(r.out()).contains("No secrets found (0 files scanned; 1 file could not be read).");
    }

    @Test
    void anUnreadableFileMakesACleanScanExitWithTwo() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("unreadable"));
        Path locked = dir.resolve("locked.env");
        Files.writeString(locked, "nothing\n");
        boolean locked0 = locked.toFile().setReadable(false, false);
        assumeTrue(locked0 && !Files.isReadable(locked), "file permissions are not enforced (running as root?)");
        try {
            Cli.Result r = Cli.run("scan", dir.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("cannot read locked.env");
        } finally {
            locked.toFile().setReadable(true, false);
        }
    }
}
