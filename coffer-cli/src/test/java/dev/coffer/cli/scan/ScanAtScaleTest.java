package dev.coffer.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated tree of 3,000 source files (about 16 MB, many lines mentioning keys, tokens and passwords)
 * with three secrets in it: every file is scanned and exactly the three secrets are found. How long it
 * takes is measured by {@code bench/scan.sh}, not asserted here (a shared machine's load decides it).
 */
class ScanAtScaleTest {
    static final int FILES = 3000;

    @TempDir
    Path tmp;

    static final List<String> LINES = List.of(
            "import { createHash } from \"node:crypto\";",
            "const cacheKey = `${user.id}:${request.path}`;",
            "export function verifyToken(token: string): boolean { return token.length > 0; }",
            "    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();",
            "    String password = request.getParameter(\"password\");",
            "  password: ${DB_PASSWORD}",
            "  - name: API_KEY",
            "    valueFrom: { secretKeyRef: { name: api, key: token } }",
            "if (!apiKey) throw new Error(\"missing apiKey; see https://docs.example.com/keys\");",
            "    // Rotate the signing key every 90 days; see KeyRotationPolicy.",
            "SELECT id, name, created_at FROM accounts WHERE org_id = $1 ORDER BY created_at DESC;",
            "    return Objects.hash(id, name, createdAt, updatedAt, owner, tags, description);",
            "      <div className=\"sk-spinner\">{t(\"loading\")}</div>",
            "DATABASE_URL=postgres://app@db:5432/app",
            "    for (int i = 0; i < buffer.length; i++) { checksum = checksum * 31 + buffer[i]; }");

    private Path file(int n) {
        return tmp.resolve("pkg" + n % 40).resolve("sub" + n % 7).resolve("File" + n + ".ts");
    }

    @Test
    void ofThreeThousandFilesEachIsScannedAndExactlyTheThreeSecretsAreFound() throws IOException, ScanException {
        Random random = new Random(5);
        Tokens t = new Tokens(6);
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < FILES; f++) {
            sb.setLength(0);
            while (sb.length() < 5_500) {
                sb.append(LINES.get(random.nextInt(LINES.size()))).append('\n');
            }
            Path file = file(f);
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        }
        Files.writeString(
                file(1000),
                "const k = \"" + t.googleApiKey() + "\";\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(
                file(2007),
                "SLACK=" + t.slack("xoxb") + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(
                file(2999),
                "db_password = \"" + t.password() + "\"\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        FileScanner scanner = new FileScanner(new Detector(Rules.builtIn(), Allowlist.empty()));
        ScanResult result = scanner.scan(tmp);

        assertThat(result.filesScanned()).isEqualTo(FILES);
        assertThat(result.findings())
                .extracting(Finding::ruleId)
                .containsExactlyInAnyOrder("google-api-key", "slack-bot-token", "generic-secret");
    }
}
