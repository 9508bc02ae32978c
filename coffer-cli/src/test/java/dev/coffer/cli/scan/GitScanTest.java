package dev.coffer.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer scan --git} (every commit's added lines) and {@code --staged} (the index). */
class GitScanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aSecretCommittedAndThenDeletedIsFoundInHistoryWithItsCommitButNotOnDisk() throws IOException {
        Tokens t = new Tokens(11);
        String aws = t.awsAccessKeyId();
        String pat = t.github("ghp");
        GitRepo repo = GitRepo.init(tmp.resolve("repo"));
        repo.write("README.md", "# demo\n");
        repo.write("config/.env", "# settings\nREGION=eu-west-1\nAWS_ACCESS_KEY_ID=" + aws + "\n");
        repo.write("src/app.js", "const a = 1;\nconst b = 2;\nconst c = 3;\n");
        String first = repo.commitAll("add config");
        repo.write("config/.env", "# settings\nREGION=eu-west-1\nAWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\n");
        repo.write("src/app.js", "const a = 1;\nconst b = 2;\nconst token = \"" + pat + "\";\nconst c = 3;\n");
        String second = repo.commitAll("use the environment; add a token");
        repo.write("src/app.js", "const a = 1;\nconst b = 2;\nconst c = 3;\n");
        repo.commitAll("remove the token");

        Cli.Result onDisk = Cli.run("scan", repo.dir.toString());
        assertThat(onDisk.exit()).as(onDisk.all()).isEqualTo(0);
        assertThat(onDisk.out()).contains("No secrets found");

        Cli.Result history = Cli.run("scan", repo.dir.toString(), "--git", "--format", "json");
        assertThat(history.exit()).as(history.err()).isEqualTo(1);
        JsonNode findings = JSON.readTree(history.out());
        assertThat(findings).hasSize(2);
        JsonNode token = findings.get(0);
        assertThat(token.get("ruleId").asText()).isEqualTo("github-pat");
        assertThat(token.get("file").asText()).isEqualTo("src/app.js");
        assertThat(token.get("line").asInt()).isEqualTo(3);
        assertThat(token.get("column").asInt()).isEqualTo("const token = \"".length() + 1);
        assertThat(token.get("commit").asText()).isEqualTo(second);
        JsonNode key = findings.get(1);
        assertThat(key.get("ruleId").asText()).isEqualTo("aws-access-key-id");
        assertThat(key.get("file").asText()).isEqualTo("config/.env");
        assertThat(key.get("line").asInt()).isEqualTo(3);
        assertThat(key.get("commit").asText()).isEqualTo(first);
        assertThat(OffsetDateTime.parse(key.get("date").asText())).isNotNull();
        assertThat(key.get("fingerprint").asText())
                .isEqualTo(Finding.fingerprint("aws-access-key-id", "config/.env", aws));

        Cli.Result text = Cli.run("scan", repo.dir.toString(), "--git");
        assertThat(text.out())
                .contains(
                        "config/.env:3:19  aws-access-key-id",
                        "commit=" + first.substring(0, 12),
                        "Found 2 secrets in 2 files, 2 commits (",
                        "in 3 commits scanned)");
        assertThat(history.all() + text.all()).doesNotContain(aws).doesNotContain(pat);
    }

    @Test
    void historyScansEveryBranchAndHonoursTheAllowList() throws IOException {
        Tokens t = new Tokens(12);
        String onBranch = t.stripe("sk_live");
        String inDocs = t.github("ghp");
        GitRepo repo = GitRepo.init(tmp.resolve("branches"));
        repo.write("README.md", "# demo\n");
        repo.write(".cofferscanignore", "docs/\n");
        repo.commitAll("start");
        repo.git("checkout", "-q", "-b", "feature");
        repo.write("billing/stripe.rb", "Stripe.api_key = '" + onBranch + "'\n");
        repo.write("docs/tokens.md", "GITHUB_TOKEN=" + inDocs + "\n");
        String feature = repo.commitAll("feature work");
        repo.git("checkout", "-q", "main");

        Cli.Result r = Cli.run("scan", repo.dir.toString(), "--git", "--format", "json");
        JsonNode findings = JSON.readTree(r.out());
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("ruleId").asText()).isEqualTo("stripe-secret-key");
        assertThat(findings.get(0).get("commit").asText()).isEqualTo(feature);
        assertThat(r.all()).doesNotContain(onBranch).doesNotContain(inDocs);
    }

    @Test
    void aSubdirectoryScanReportsPathsRelativeToThatDirectory() throws IOException {
        Tokens t = new Tokens(13);
        String key = t.googleApiKey();
        GitRepo repo = GitRepo.init(tmp.resolve("mono"));
        repo.write("services/web/app.js", "const maps = \"" + key + "\";\n");
        repo.write("services/api/app.js", "const maps = \"" + t.googleApiKey() + "\";\n");
        repo.commitAll("two services");
        Cli.Result r = Cli.run("scan", repo.dir.resolve("services/web").toString(), "--git");
        assertThat(r.out()).contains("app.js:1:15  google-api-key").doesNotContain("services/");
        assertThat(r.out()).contains("Found 1 secret in 1 file, 1 commit");
    }

    @Test
    void anUntrustedCheckoutsGitConfigRunsNoProgramDuringAScan() throws IOException {
        GitRepo repo = GitRepo.init(tmp.resolve("hostile"));
        repo.write("a.txt", "one\n");
        repo.commitAll("start");
        Path marker = tmp.resolve("ran");
        Path script = tmp.resolve("payload.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$0\" >> '" + marker + "'\n");
        script.toFile().setExecutable(true);
        repo.git("config", "core.fsmonitor", script.toString());
        repo.git("config", "diff.external", script.toString());
        repo.write(".gitattributes", "*.txt diff=conv\n");
        repo.git("config", "diff.conv.textconv", script.toString());
        repo.write("a.txt", "one\ntwo\n");
        repo.git("add", "a.txt", ".gitattributes"); // the test's own git runs the payload
        assertThat(marker).as("the payload works").exists();
        Files.delete(marker);

        Cli.Result staged = Cli.run("scan", repo.dir.toString(), "--staged");
        Cli.Result history = Cli.run("scan", repo.dir.toString(), "--git");

        assertThat(staged.exit()).as(staged.all()).isZero();
        assertThat(history.exit()).as(history.all()).isZero();
        assertThat(marker).as("a program named in .git/config ran").doesNotExist();
    }

    @Test
    void stagedScansOnlyWhatIsStagedWithNewFileLineNumbers() throws IOException {
        Tokens t = new Tokens(14);
        String slack = t.slack("xoxb");
        String unstaged = t.github("ghp");
        GitRepo repo = GitRepo.init(tmp.resolve("staged"));
        Cli.Result empty = Cli.run("scan", repo.dir.toString(), "--staged");
        assertThat(empty.exit()).as(empty.all()).isEqualTo(0);

        repo.write("notify.py", "import os\n\n\ndef send():\n    pass\n");
        repo.commitAll("start");
        repo.write("notify.py", "import os\n\nSLACK = \"" + slack + "\"\n\ndef send():\n    pass\n");
        repo.git("add", "notify.py");
        repo.write("other.py", "TOKEN = \"" + unstaged + "\"\n");

        Cli.Result r = Cli.run("scan", repo.dir.toString(), "--staged");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out())
                .contains("notify.py:3:10  slack-bot-token", "(1 staged file scanned)")
                .doesNotContain("other.py")
                .doesNotContain("commit=");
        assertThat(r.all()).doesNotContain(slack).doesNotContain(unstaged);

        Cli.Result json = Cli.run("scan", repo.dir.toString(), "--staged", "--format", "json");
        assertThat(JSON.readTree(json.out()).get(0).get("commit").isNull()).isTrue();
    }

    @Test
    void aFirstCommitThatIsStagedButNotYetMadeIsScanned() throws IOException {
        String key = new Tokens(15).awsAccessKeyId();
        GitRepo repo = GitRepo.init(tmp.resolve("unborn"));
        repo.write("a.env", "AWS_ACCESS_KEY_ID=" + key + "\n");
        repo.git("add", "a.env");
        Cli.Result r = Cli.run("scan", repo.dir.toString(), "--staged");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("a.env:1:19  aws-access-key-id");
    }

    @Test
    void gitModesOutsideARepositoryFailWithExitCodeTwo() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Cli.Result history = Cli.run("scan", plain.toString(), "--git");
        assertThat(history.exit()).isEqualTo(2);
        assertThat(history.err()).contains("not inside a git repository");
        assertThat(Cli.run("scan", plain.toString(), "--staged").exit()).isEqualTo(2);
    }

    @Test
    void anEmptyRepositoryHasACleanHistory() throws IOException {
        GitRepo repo = GitRepo.init(tmp.resolve("empty"));
        Cli.Result r = Cli.run("scan", repo.dir.toString(), "--git");
        assertThat(r.exit()).as(r.all()).isEqualTo(0);
        assertThat(r.out()).contains("No secrets found (0 file changes in 0 commits scanned).");
    }
}
