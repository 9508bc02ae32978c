package dev.coffer.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer scan DIR} over a project tree with a secret for every rule, look-alikes and skipped files. */
class DirectoryScanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static ScanFixture fixture;
    static Cli.Result json;

    @BeforeAll
    static void scanTheFixture() throws IOException {
        fixture = ScanFixture.standard(tmp.resolve("project"));
        json = Cli.run("scan", fixture.root.toString(), "--format", "json");
    }

    static Set<String> reported(Cli.Result result) throws IOException {
        Set<String> keys = new TreeSet<>();
        for (JsonNode f : JSON.readTree(result.out())) {
            keys.add(f.get("ruleId").asText() + " " + f.get("file").asText() + ":"
                    + f.get("line").asInt());
        }
        return keys;
    }

    @Test
    void everyBuiltInRuleHasAtLeastOnePlantedSecret() {
        Set<String> planted =
                fixture.planted.stream().map(ScanFixture.Plant::ruleId).collect(Collectors.toSet());
        assertThat(planted)
                .containsExactlyInAnyOrderElementsOf(
                        Rules.builtIn().stream().map(Rule::id).toList());
    }

    @Test
    void reportsEveryPlantedSecretByRuleFileAndLineAndNothingElse() throws IOException {
        assertThat(json.exit()).as(json.err()).isEqualTo(1);
        Set<String> expected =
                fixture.planted.stream().map(ScanFixture.Plant::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(reported(json)).containsExactlyElementsOf(expected);
    }

    @Test
    void reportsTheColumnWhereTheSecretStartsAndItsRedactedForm() throws IOException {
        JsonNode aws = find(json, "aws-access-key-id", "config/.env");
        assertThat(aws.get("line").asInt()).isEqualTo(2);
        assertThat(aws.get("column").asInt()).isEqualTo("AWS_ACCESS_KEY_ID=".length() + 1);
        assertThat(aws.get("endColumn").asInt()).isEqualTo("AWS_ACCESS_KEY_ID=".length() + 21);
        String key = fixture.planted.stream()
                .filter(p -> p.ruleId().equals("aws-access-key-id") && p.file().equals("config/.env"))
                .findFirst()
                .orElseThrow()
                .secret();
        assertThat(aws.get("match").asText()).isEqualTo(key.substring(0, 4) + "****" + key.substring(18));
        assertThat(aws.get("fingerprint").asText())
                .isEqualTo(Finding.fingerprint("aws-access-key-id", "config/.env", key));
        assertThat(aws.get("commit").isNull()).isTrue();
    }

    @Test
    void lineNumbersAreRightInCrlfFilesAndFilesWithInvalidUtf8() throws IOException {
        assertThat(reported(json)).contains("github-pat config/windows.crlf.env:2", "github-pat config/legacy.ini:2");
        assertThat(find(json, "github-pat", "config/windows.crlf.env")
                        .get("endColumn")
                        .asInt())
                .isEqualTo("GITHUB_TOKEN=".length() + 41);
    }

    @Test
    void looksAlikesAndInlineIgnoredLinesAreNotReported() throws IOException {
        assertThat(reported(json))
                .noneMatch(k ->
                        k.contains("config/sample.env") || k.contains("README.md") || k.contains("deploy/public.pem"));
        Set<String> appJs =
                reported(json).stream().filter(k -> k.contains("src/app.js")).collect(Collectors.toSet());
        assertThat(appJs)
                .containsExactlyInAnyOrder(
                        "generic-secret src/app.js:2", "github-pat src/app.js:3", "jwt src/app.js:6");
    }

    @Test
    void skipsDependencyBuildAndGitDirectoriesBinaryFilesAndFilesOverTwoMebibytes() throws IOException {
        assertThat(reported(json))
                .noneMatch(k -> k.matches(".* (node_modules|build|target|vendor|dist|\\.git|assets|data|docs)/.*"));
        Cli.Result text = Cli.run("scan", fixture.root.toString());
        int files = (int) Files.walk(fixture.root)
                .filter(Files::isRegularFile)
                .filter(p -> !fixture.root
                        .relativize(p)
                        .toString()
                        .matches(
                                "(node_modules|build|target|vendor|dist|\\.git|docs)/.*|assets/logo.bin|data/huge.log"))
                .count();
        assertThat(text.out()).contains("(" + files + " files scanned)");
    }

    @Test
    void theDefaultAllowListAtTheScanRootHidesAllowListedPaths() throws IOException {
        Path copy = tmp.resolve("no-allowlist");
        ScanFixture f = ScanFixture.standard(copy);
        Files.delete(copy.resolve(".cofferscanignore"));
        Set<String> keys = reported(Cli.run("scan", copy.toString(), "--format", "json"));
        assertThat(keys).contains("github-pat docs/README.md:2", "aws-access-key-id docs/README.md:3");
        assertThat(keys).hasSize(f.planted.size() + 2);
    }

    @Test
    void anAllowListCanNameRulesFingerprintsAndGlobs() throws IOException {
        JsonNode jwt = find(json, "jwt", "src/app.js");
        Path allow = tmp.resolve("allow.txt");
        Files.writeString(
                allow,
                String.join(
                        "\n",
                        List.of(
                                "# reviewed",
                                "rule:stripe-test-key",
                                jwt.get("fingerprint").asText(),
                                "infra/**",
                                "*.pem",
                                "src/notify.py")));
        Cli.Result r = Cli.run("scan", fixture.root.toString(), "--format", "json", "--allowlist", allow.toString());
        Set<String> keys = reported(r);
        assertThat(keys)
                .noneMatch(k -> k.startsWith("stripe-test-key")
                        || k.startsWith("jwt")
                        || k.contains("infra/")
                        || k.contains(".pem")
                        || k.contains("src/notify.py"));
        // an explicit allow-list replaces .cofferscanignore, so docs/ is scanned again
        assertThat(keys)
                .contains(
                        "github-pat docs/README.md:2",
                        "generic-secret src/app.js:2",
                        "private-key config/service-account.json:4");
    }

    @Test
    void anAllowListNamingAnUnknownRuleWarnsButStillScans() throws IOException {
        Path allow = tmp.resolve("typo.txt");
        Files.writeString(allow, "rule:no-such-rule\n");
        Cli.Result r = Cli.run("scan", fixture.root.toString(), "--allowlist", allow.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown rule: no-such-rule");
    }

    @Test
    void aSingleFileCanBeScanned() {
        Cli.Result r = Cli.run("scan", fixture.root.resolve("src/notify.py").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        "notify.py:1:14  slack-bot-token",
                        "notify.py:4:12  slack-webhook-url",
                        "Found 4 secrets in 1 file (1 file scanned).");
    }

    @Test
    void noOutputEverContainsAFullPlantedSecret() {
        List<String> outputs = new ArrayList<>(Cli.ALL_OUTPUT);
        outputs.add(Cli.run("scan", fixture.root.toString()).all());
        outputs.add(
                Cli.run("scan", fixture.root.toString(), "--format", "sarif").all());
        for (String out : outputs) {
            for (String secret : fixture.secrets) {
                assertThat(out).doesNotContain(secret);
            }
        }
    }

    static JsonNode find(Cli.Result result, String ruleId, String file) throws IOException {
        for (JsonNode f : JSON.readTree(result.out())) {
            if (f.get("ruleId").asText().equals(ruleId)
                    && f.get("file").asText().equals(file)) {
                return f;
            }
        }
        throw new AssertionError("no " + ruleId + " finding in " + file + ": " + result.out());
    }
}
