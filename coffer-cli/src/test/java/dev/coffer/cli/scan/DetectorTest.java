package dev.coffer.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector on single snippets: which rule wins, where, and what is left alone. */
class DetectorTest {
    private final Tokens t = new Tokens(99);
    private final Detector detector = new Detector(Rules.builtIn(), Allowlist.empty());

    private List<Finding> scan(String text) {
        List<Finding> found = new ArrayList<>();
        detector.scan("f.txt", text, 1, Finding.Origin.NONE, found::add);
        return found;
    }

    private List<String> rules(String text) {
        return scan(text).stream()
                .map(f -> f.ruleId() + "@" + f.line() + ":" + f.column())
                .toList();
    }

    @Test
    void aSpecificRuleWinsOverTheGenericAssignmentRuleForTheSameValue() {
        assertThat(rules("GITHUB_TOKEN=" + t.github("ghp") + "\n")).containsExactly("github-pat@1:14");
        assertThat(rules("STRIPE_SECRET_KEY=" + t.stripe("sk_live") + "\n")).containsExactly("stripe-secret-key@1:19");
        assertThat(rules("aws_secret_access_key = " + t.awsSecretKey() + "\n"))
                .containsExactly("aws-secret-access-key@1:25");
        assertThat(rules("DATABASE_PASSWORD_URL_SECRET=mysql://u:" + t.password() + "@h/db\n"))
                .containsExactly("database-url-password@1:" + ("DATABASE_PASSWORD_URL_SECRET=mysql://u:".length() + 1));
    }

    @Test
    void twoSecretsOnOneLineAreBothReported() {
        String csv = t.awsAccessKeyId() + "," + t.awsSecretKey();
        assertThat(rules("Access key ID,Secret access key\n" + csv + "\n"))
                .containsExactly("aws-access-key-id@2:1", "aws-secret-access-key@2:22");
    }

    @Test
    void privateKeysAreFoundInPemFilesYamlBlocksJavaStringsAndEncryptedForm() {
        Tokens.Pem pem = t.pkcs8Key();
        assertThat(rules(String.join("\n", pem.lines()))).containsExactly("private-key@1:1");
        StringBuilder yaml = new StringBuilder("tls:\n  key: |\n");
        pem.lines().forEach(l -> yaml.append("    ").append(l).append('\n'));
        assertThat(rules(yaml.toString())).containsExactly("private-key@3:5");
        StringBuilder java = new StringBuilder("String key = \"" + pem.header() + "\\n\"\n");
        pem.bodyLines().forEach(l -> java.append("    + \"").append(l).append("\\n\"\n"));
        assertThat(rules(java.toString())).containsExactly("private-key@1:15");
        String label = "RSA PRIVATE" + " KEY";
        String encrypted = "-----BEGIN " + label + "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
                + ScanFixture.hex(new java.util.Random(1), 16) + "\n\n" + String.join("\n", pem.bodyLines())
                + "\n-----END " + label + "-----\n";
        assertThat(rules(encrypted)).containsExactly("private-key@1:1");
    }

    @Test
    void aPrivateKeyHeaderWithoutABodyIsNotASecret() {
        String header = "-----BEGIN " + "PRIVATE" + " KEY-----";
        assertThat(rules("if (s.startsWith(\"" + header + "\")) {\n  return parse(s);\n}\n"))
                .isEmpty();
        assertThat(rules(header + "\n...\n-----END " + "PRIVATE" + " KEY-----\n"))
                .isEmpty();
        assertThat(rules(header + "\nMIIE...base64...\n")).isEmpty();
    }

    @Test
    void genericAssignmentsInManySyntaxes() {
        String v = t.random(Tokens.ALNUM, 32);
        String[][] syntaxes = {
            {"export API_KEY=", ""},
            {"\"client_secret\": \"", "\","},
            {"  auth_token: '", "'"},
            {"apiKey := \"", "\""},
            {"'api_key' => '", "',"},
            {"config['secret_key'] = \"", "\""},
            {"<add key=\"x\" password=\"", "\"/>"},
            {"app --db-password=", " --verbose"},
            {"SECRET_KEY = `", "`"},
        };
        for (String[] s : syntaxes) {
            assertThat(rules(s[0] + v + s[1])).as(s[0]).containsExactly("generic-secret@1:" + (s[0].length() + 1));
        }
    }

    @Test
    void codeThatMentionsSecretsIsNotASecret() {
        assertThat(rules("if (token == \"" + t.random(Tokens.ALNUM, 20) + "\") {"))
                .isEmpty();
        assertThat(rules("String apiKey = config.getApiKey();")).isEmpty();
        assertThat(rules("const password = process.env.DB_PASSWORD;")).isEmpty();
        assertThat(rules("val secretKey: SecretKey = generate()")).isEmpty();
        assertThat(rules("Map<String, Key> keys = new HashMap<>();")).isEmpty();
        assertThat(rules("final String maxDataKey = \"http.KeepAlive.remainingData\";"))
                .isEmpty();
        assertThat(rules("PrivateKey k = a ? b.popPrivateKey : x509Possession.popPrivateKey;"))
                .isEmpty();
        assertThat(rules("password: \"Please enter your password\"")).isEmpty();
    }

    @Test
    void tokensNeedTheirFullShapeAndRealisticContent() {
        assertThat(rules("ghp_" + t.random(Tokens.ALNUM, 20))).as("too short").isEmpty();
        assertThat(rules("ghp_" + "x".repeat(36))).as("filler").isEmpty();
        assertThat(rules("AKIA" + "A".repeat(16))).as("filler").isEmpty();
        assertThat(rules("key: " + "sk-" + "abcdefghijklmnopqrstuvwxyzabcdefgh"))
                .as("no digits")
                .isEmpty();
        assertThat(rules("\"eyJ" + t.random(Tokens.BASE64URL, 20) + ".eyJ" + t.random(Tokens.BASE64URL, 20) + "."
                        + t.random(Tokens.BASE64URL, 30) + "\""))
                .as("header is not JSON with alg")
                .isEmpty();
        assertThat(rules("https://hooks.slack.com/services/T00000000/B00000000/" + "X".repeat(24)))
                .isEmpty();
        assertThat(rules("mongodb://admin:admin@localhost:27017"))
                .as("user equals password")
                .isEmpty();
        assertThat(rules("postgres://postgres:password@localhost/dev"))
                .as("default password")
                .isEmpty();
        assertThat(rules("redis://localhost:6379/0")).isEmpty();
    }

    @Test
    void inlineIgnoreMarkersSilenceTheirLineOnly() {
        String secret = t.github("ghp");
        assertThat(rules("a = \"" + secret + "\" // coffer:ignore\nb = \"" + secret + "\"\n"))
                .containsExactly("github-pat@2:6");
        assertThat(rules("a = \"" + secret + "\" # gitleaks:allow")).isEmpty();
        assertThat(rules("a = \"" + secret + "\" # COFFER:IGNORE")).isEmpty();
    }

    @Test
    void findingsNeverHoldTheSecret() {
        String secret = t.anthropic();
        Finding f = scan("ANTHROPIC_API_KEY=" + secret).get(0);
        assertThat(f.toString()).doesNotContain(secret);
        assertThat(f.redacted()).isEqualTo(secret.substring(0, 4) + "****" + secret.substring(secret.length() - 2));
    }

    @Test
    void everyRuleHasAUniqueIdADescriptionAndKeywords() {
        List<String> ids = Rules.builtIn().stream().map(Rule::id).toList();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z0-9-]+"));
        assertThat(Rules.builtIn()).allSatisfy(r -> {
            assertThat(r.description()).isNotBlank();
            assertThat(r.keywords()).isNotEmpty().allMatch(k -> k.equals(k.toLowerCase(java.util.Locale.ROOT)));
        });
    }
}
