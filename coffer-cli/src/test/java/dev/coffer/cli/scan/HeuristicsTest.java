package dev.coffer.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Entropy, names, placeholders, redaction, fingerprints and allow-list globs. */
class HeuristicsTest {

    @Test
    void shannonEntropyIsInBitsPerCharacter() {
        assertThat(Heuristics.entropy("")).isZero();
        assertThat(Heuristics.entropy("aaaaaaaa")).isZero();
        assertThat(Heuristics.entropy("abababab")).isEqualTo(1.0);
        assertThat(Heuristics.entropy("0123456789abcdef")).isEqualTo(4.0);
        assertThat(Heuristics.entropy(new Tokens(1).random(Tokens.BASE64, 40))).isGreaterThan(4.5);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "API_KEY",
                "aws_secret",
                "GITHUB_TOKEN",
                "PASSWORD",
                "SMTP_PASSWD",
                "db_pwd",
                "apiKey",
                "clientSecret",
                "APIKEY",
                "app.api_key",
                "--password",
                "spring.datasource.password",
                "SSH_PASSPHRASE",
                "accessToken",
                "GOOGLE_CREDENTIALS",
                "secret",
                "token"
            })
    void theseNameSecrets(String name) {
        assertThat(Heuristics.isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "key",
                "KEY_ID",
                "TOKEN_ID",
                "PUBLIC_KEY",
                "publicKey",
                "sort_key",
                "primaryKey",
                "monkey",
                "turkey",
                "keyboard",
                "next_token",
                "pageToken",
                "cache_key",
                "password_hint",
                "SECRET_NAME",
                "tokenizer"
            })
    void theseDoNot(String name) {
        assertThat(Heuristics.isSecretName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "changeme",
                "CHANGE_ME",
                "xxxxxxxxxxxx",
                "XXXX-XXXX-XXXX",
                "<your-password>",
                "${DB_PASSWORD}",
                "$(cat /run/secrets/x)",
                "your-api-key-here",
                "my_token_here",
                "api-key-example-123",
                "aaaaaaaaaaaa",
                "{{ vault_password }}",
                "%(password)s",
                "************",
                "$SECRET_FROM_ENV",
                "sample-key-123",
                "<token>"
            })
    void placeholdersAreRecognised(String value) {
        assertThat(Heuristics.isPlaceholder(value)).isTrue();
        assertThat(Heuristics.isSecretValue(value, true, false)).isFalse();
        assertThat(Heuristics.isSecretValue(value, false, true)).isFalse();
    }

    @Test
    void secretValuesNeedLengthEntropyAndNoPlaceholder() {
        Tokens t = new Tokens(2);
        assertThat(Heuristics.isSecretValue(t.random(Tokens.ALNUM, 24), true, false))
                .isTrue();
        assertThat(Heuristics.isSecretValue(t.random(Tokens.ALNUM, 24), false, false))
                .isTrue();
        assertThat(Heuristics.isSecretValue(t.random(Tokens.ALNUM, 7), true, true))
                .as("short")
                .isFalse();
        assertThat(Heuristics.isSecretValue("QUFBQUFBQUFBQUFBQUFBQUFBQUFB", true, false))
                .as("low entropy base64")
                .isFalse();
        assertThat(Heuristics.isSecretValue("hunter2hunter2", true, true))
                .as("repetitive password")
                .isFalse();
        assertThat(Heuristics.isSecretValue(t.password(), true, true)).isTrue();
        assertThat(Heuristics.isSecretValue("two words", true, true))
                .as("contains a blank")
                .isFalse();
        assertThat(Heuristics.isSecretValue("/etc/ssl/private/server.key", true, false))
                .as("path")
                .isFalse();
        assertThat(Heuristics.isSecretValue("https://auth.acme.test/token", true, false))
                .as("URL")
                .isFalse();
    }

    @Test
    void unquotedCodeReferencesAreNotSecrets() {
        assertThat(Heuristics.isSecretValue("req.headers.authorization", false, false))
                .isFalse();
        assertThat(Heuristics.isSecretValue("x509Possession.popPrivateKey", false, false))
                .isFalse();
        assertThat(Heuristics.isSecretValue("OTHER_SECRET_CONSTANT", false, false))
                .isFalse();
        assertThat(Heuristics.isSecretValue("getenv(\"X\")", false, false)).isFalse();
        assertThat(Heuristics.isSecretValue("loadSecretFromEnvironment", false, false))
                .isFalse();
    }

    @Test
    void wordyValuesAreNamesNotSecretsExceptForPasswords() {
        assertThat(Heuristics.isWordy("jdk.invoke.LambdaMetafactory.dumpProxyClassFiles"))
                .isTrue();
        assertThat(Heuristics.isWordy("SunTlsRsaPremasterSecret")).isTrue();
        assertThat(Heuristics.isWordy(new Tokens(3).random(Tokens.ALNUM, 24))).isFalse();
        assertThat(Heuristics.isWordy("key-3ax6xnjp29jd6fds4gc373sgvjxteol0")).isFalse();
        assertThat(Heuristics.isSecretValue("SunTlsRsaPremasterSecret", true, false))
                .isFalse();
        assertThat(Heuristics.isSecretValue("CorrectHorseBatteryStaple", true, true))
                .isTrue();
    }

    @Test
    void redactionShowsAtMostFourLeadingAndTwoTrailingCharacters() {
        assertThat(Finding.redact("AKIA" + "Z7Q3" + "ABCDEFGHIJKL")).isEqualTo("AKIA****KL");
        assertThat(Finding.redact("s3cr3t-pw")).isEqualTo("s3****w");
        assertThat(Finding.redact("abcdef")).isEqualTo("a****");
        assertThat(Finding.redact("abc")).isEqualTo("****");
        String long40 = new Tokens(4).random(Tokens.BASE64, 40);
        assertThat(Finding.redact(long40)).isEqualTo(long40.substring(0, 4) + "****" + long40.substring(38));
    }

    @Test
    void theFingerprintIsTheFirst16HexDigitsOfSha256OverRuleFileAndSecret() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("jwt:src/app.js:value".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Finding.fingerprint("jwt", "src/app.js", "value"))
                .isEqualTo(java.util.HexFormat.of().formatHex(digest).substring(0, 16))
                .isNotEqualTo(Finding.fingerprint("jwt", "src/other.js", "value"))
                .isNotEqualTo(Finding.fingerprint("generic-secret", "src/app.js", "value"));
    }

    @Test
    void allowListGlobsFollowGitignoreConventions() {
        Allowlist a = Allowlist.parse(
                List.of("docs/**", "*.md", "/fixtures/", "test/**/data-?.json", "# comment", "", "build-{a,b}.env"),
                w -> {});
        assertThat(a.ignoresPath("docs/README.txt")).isTrue();
        assertThat(a.ignoresPath("docs/deep/er/file.env")).isTrue();
        assertThat(a.ignoresPath("src/docs/file.env")).isFalse();
        assertThat(a.ignoresPath("notes.md")).isTrue();
        assertThat(a.ignoresPath("src/deep/notes.md")).isTrue();
        assertThat(a.ignoresPath("fixtures/a/b.env")).isTrue();
        assertThat(a.ignoresPath("src/fixtures/a.env")).isFalse();
        assertThat(a.ignoresPath("test/data-1.json")).isTrue();
        assertThat(a.ignoresPath("test/x/y/data-2.json")).isTrue();
        assertThat(a.ignoresPath("test/x/data-10.json")).isFalse();
        assertThat(a.ignoresPath("build-b.env")).isTrue();
        assertThat(a.ignoresPath("build-c.env")).isFalse();
        assertThat(a.ignoresPath("src/app.js")).isFalse();
    }

    @Test
    void allowListLinesForRulesAndFingerprints() {
        Allowlist a = Allowlist.parse(List.of("rule:jwt", "0123456789abcdef", "fingerprint:FEDCBA9876543210"), w -> {});
        assertThat(a.ignoresRule("jwt")).isTrue();
        assertThat(a.ignoresRule("github-pat")).isFalse();
        Finding f =
                new Finding("github-pat", "d", Severity.HIGH, "a.txt", 1, 1, 2, null, null, "x", "0123456789abcdef");
        assertThat(a.ignores(f)).isTrue();
        assertThat(a.ignores(new Finding(
                        "github-pat", "d", Severity.HIGH, "a.txt", 1, 1, 2, null, null, "x", "fedcba9876543210")))
                .isTrue();
        assertThat(a.ignores(new Finding(
                        "github-pat", "d", Severity.HIGH, "a.txt", 1, 1, 2, null, null, "x", "1111111111111111")))
                .isFalse();
    }

    @Test
    void assignmentValuesAreReadQuotedOrUnquoted() {
        String line = "KEY=\"a b\\\"c\" rest";
        Assignments.Value quoted = Assignments.valueAt(line, 4);
        assertThat(quoted.text(line)).isEqualTo("a b\\\"c");
        assertThat(quoted.quoted()).isTrue();
        String plain = "token: abc123;next";
        assertThat(Assignments.valueAt(plain, 7).text(plain)).isEqualTo("abc123");
        assertThat(Assignments.valueAt("x=''", 2)).isNull();
        assertThat(Assignments.valueAt("x=", 2)).isNull();
    }

    @Test
    void gitQuotedPathsAreUnquoted() {
        assertThat(DiffParser.unquote("\"b/q\\\"t.txt\"")).isEqualTo("b/q\"t.txt");
        assertThat(DiffParser.unquote("\"b/tab\\there\"")).isEqualTo("b/tab\there");
        assertThat(DiffParser.unquote("\"b/caf\\303\\251.env\"")).isEqualTo("b/café.env");
    }
}
