package dev.coffer.cli.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A project tree with planted secrets (which must be reported, by rule, file and line), look-alikes
 * (which must not be) and hidden secrets (ignored inline, allow-listed or in skipped files).
 */
final class ScanFixture {
    /** A secret that must be reported. */
    record Plant(String ruleId, String file, int line, String secret) {
        String key() {
            return ruleId + " " + file + ":" + line;
        }
    }

    final Path root;
    final Tokens tokens;
    final List<Plant> planted = new ArrayList<>();
    /** Every real-looking secret written anywhere, reported or not: none may ever be printed whole. */
    final List<String> secrets = new ArrayList<>();

    private final Map<String, List<String>> files = new LinkedHashMap<>();

    ScanFixture(Path root, long seed) {
        this.root = root;
        this.tokens = new Tokens(seed);
    }

    ScanFixture line(String file, String text) {
        files.computeIfAbsent(file, f -> new ArrayList<>()).add(text);
        return this;
    }

    /** Appends {@code before + secret + after} to {@code file} and expects {@code ruleId} to report it. */
    ScanFixture plant(String ruleId, String file, String before, String secret, String after) {
        List<String> lines = files.computeIfAbsent(file, f -> new ArrayList<>());
        lines.add(before + secret + after);
        planted.add(new Plant(ruleId, file, lines.size(), secret));
        secrets.add(secret);
        return this;
    }

    /** Appends a PEM block and expects {@code ruleId} to report it at the header line. */
    ScanFixture plantPem(String ruleId, String file, Tokens.Pem pem) {
        List<String> lines = files.computeIfAbsent(file, f -> new ArrayList<>());
        planted.add(new Plant(ruleId, file, lines.size() + 1, pem.body()));
        lines.addAll(pem.lines());
        secrets.add(pem.body());
        secrets.addAll(pem.bodyLines().subList(0, pem.bodyLines().size() - 1));
        return this;
    }

    /** Appends a line with a secret that must not be reported (inline-ignored, allow-listed, skipped file). */
    ScanFixture hidden(String file, String before, String secret, String after) {
        secrets.add(secret);
        return line(file, before + secret + after);
    }

    /** Lines of a file as planned so far (1-based line numbers are the list's index + 1). */
    List<String> lines(String file) {
        return files.get(file);
    }

    void write() throws IOException {
        for (Map.Entry<String, List<String>> e : files.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            String separator = e.getKey().endsWith(".crlf.env") ? "\r\n" : "\n";
            Files.writeString(p, String.join(separator, e.getValue()) + separator, StandardCharsets.UTF_8);
        }
    }

    /** The standard fixture: at least one secret for every built-in rule, plus look-alikes and skipped files. */
    static ScanFixture standard(Path root) throws IOException {
        ScanFixture f = new ScanFixture(root, 20240917L);
        Tokens t = f.tokens;
        Random r = new Random(7);

        f.line("config/.env", "# application settings");
        f.plant("aws-access-key-id", "config/.env", "AWS_ACCESS_KEY_ID=", t.awsAccessKeyId(), "");
        f.plant("aws-secret-access-key", "config/.env", "AWS_SECRET_ACCESS_KEY=", t.awsSecretKey(), "");
        f.plant("generic-secret", "config/.env", "SESSION_SECRET=", t.random(Tokens.ALNUM, 32), "");
        f.plant("generic-secret", "config/.env", "DB_PASSWORD=", t.password(), "");
        f.plant("generic-secret", "config/.env", "SMTP_PASSWD=", t.password(), "");
        f.plant("generic-secret", "config/.env", "API_TOKEN=\"", t.random(Tokens.BASE64URL, 40), "\"");
        f.plant(
                "database-url-password",
                "config/.env",
                "DATABASE_URL=postgres://app:",
                t.password(),
                "@db.internal:5432/app");
        f.plant("stripe-secret-key", "config/.env", "STRIPE_SECRET_KEY=", t.stripe("sk_live"), "");

        f.line("config/sample.env", "# copy to .env and fill in");
        f.line("config/sample.env", "AWS_ACCESS_KEY_ID=" + "AKIA" + "IOSFODNN7" + "EXAMPLE");
        f.line("config/sample.env", "AWS_SECRET_ACCESS_KEY=" + "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY");
        f.line("config/sample.env", "API_KEY=changeme");
        f.line("config/sample.env", "PASSWORD=${DB_PASSWORD}");
        f.line("config/sample.env", "DB_PASSWORD=$(cat /run/secrets/db_password)");
        f.line("config/sample.env", "OPENAI_API_KEY=your-api-key-here");
        f.line("config/sample.env", "SECRET_KEY=" + "x".repeat(24));
        f.line("config/sample.env", "JWT_SECRET=" + "a".repeat(20));
        f.line("config/sample.env", "SHORT_TOKEN=Ab3xZ9");
        f.line("config/sample.env", "DATABASE_URL=postgres://user@host/db");
        f.line("config/sample.env", "DATABASE_URL=postgres://user:${PASS}@host/db");
        f.line("config/sample.env", "LOCAL_DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev");
        f.line("config/sample.env", "REDIS_URL=redis://localhost:6379/0");
        f.line("config/sample.env", "TOKEN_ID=" + new UUID(r.nextLong(), r.nextLong()));
        f.line("config/sample.env", "COMMIT_SHA=" + hex(r, 20));
        f.line(
                "config/sample.env",
                "SECRET_TOKEN="
                        + Base64.getEncoder().encodeToString("A".repeat(24).getBytes(StandardCharsets.UTF_8)));
        f.line("config/sample.env", "PUBLIC_KEY=" + t.random(Tokens.BASE64, 44));
        f.line("config/sample.env", "STRIPE_KEY=sk_test_" + "x".repeat(24));
        f.line(
                "config/sample.env",
                "SLACK_WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/" + "X".repeat(24));
        f.hidden("config/sample.env", "STRIPE_LIVE=", t.stripe("sk_live"), "  # coffer:ignore");
        f.hidden("config/sample.env", "GITHUB_TOKEN=", t.github("ghp"), "  # gitleaks:allow");

        f.line("config/app.yml", "database:");
        f.line("config/app.yml", "  username: app");
        f.line("config/app.yml", "  password: <your-password>");
        f.plant(
                "database-url-password",
                "config/app.yml",
                "  url: mysql://app:",
                t.password(),
                "@mysql.internal:3306/app");
        f.line("config/app.yml", "cache:");
        f.plant(
                "database-url-password",
                "config/app.yml",
                "  url: \"redis://:",
                t.password(),
                "@cache.internal:6379/0\"");
        f.line("config/app.yml", "sessions:");
        f.plant(
                "database-url-password",
                "config/app.yml",
                "  mongo: mongodb+srv://svc:",
                t.password(),
                "@cluster0.q7x2k.mongodb.net/app");
        f.plant("generic-secret", "config/app.yml", "  client_secret: ", t.random(Tokens.ALNUM, 40), "");

        f.line("config/service-account.json", "{");
        f.line("config/service-account.json", "  \"type\": \"service_account\",");
        f.line("config/service-account.json", "  \"private_key_id\": \"" + hex(r, 20) + "\",");
        Tokens.Pem jsonKey = t.pkcs8Key();
        f.plant("private-key", "config/service-account.json", "  \"private_key\": \"", jsonKey.escaped(), "\",");
        f.secrets.add(jsonKey.body());
        f.line("config/service-account.json", "  \"client_email\": \"svc@proj.iam.gserviceaccount.com\"");
        f.line("config/service-account.json", "}");

        f.line("config/windows.crlf.env", "# générée sous Windows");
        f.plant("github-pat", "config/windows.crlf.env", "GITHUB_TOKEN=", t.github("ghp"), "");

        f.line("src/app.js", "const express = require(\"express\");");
        f.plant("generic-secret", "src/app.js", "const apiKey = \"", t.random(Tokens.ALNUM, 32), "\";");
        f.plant("github-pat", "src/app.js", "const github = new Octokit({ auth: \"", t.github("ghp"), "\" });");
        f.line("src/app.js", "const token = req.headers.authorization;");
        f.line("src/app.js", "const spinner = \"sk-spinner sk-fading-circle\"; // pip install sk-learn");
        f.plant("jwt", "src/app.js", "fetch(url, { headers: { Authorization: \"Bearer ", t.jwt(), "\" } });");
        f.line(
                "src/app.js",
                "const notAJwt = \"eyJ" + t.random(Tokens.BASE64URL, 20) + ".eyJ" + t.random(Tokens.BASE64URL, 30) + "."
                        + t.random(Tokens.BASE64URL, 30) + "\";");
        f.line("src/app.js", "if (pem.startsWith(\"-----BEGIN RSA " + "PRIVATE KEY-----\")) { parse(pem); }");
        f.line("src/app.js", "const revision = \"" + hex(r, 20) + "\";");

        f.line("src/ai.py", "import os");
        f.plant("openai-api-key", "src/ai.py", "OPENAI_LEGACY = \"", t.openAiLegacy(), "\"");
        f.plant("openai-api-key", "src/ai.py", "client = OpenAI(api_key=\"", t.openAiProject(), "\")");
        f.plant("anthropic-api-key", "src/ai.py", "claude = Anthropic(api_key=\"", t.anthropic(), "\")");
        f.line("src/ai.py", "password = os.environ[\"DB_PASSWORD\"]");
        f.line("src/ai.py", "slug = \"sk-this-is-not-a-real-key-but-a-long-slug-name\"");

        f.plant("slack-bot-token", "src/notify.py", "SLACK_BOT = \"", t.slack("xoxb"), "\"");
        f.plant("slack-user-token", "src/notify.py", "SLACK_USER = \"", t.slack("xoxp"), "\"");
        f.plant("slack-app-token", "src/notify.py", "SLACK_APP = \"", t.slackApp(), "\"");
        f.plant("slack-webhook-url", "src/notify.py", "WEBHOOK = \"", t.slackWebhook(), "\"");

        f.plant("stripe-restricted-key", "src/billing.rb", "Stripe.api_key = \"", t.stripe("rk_live"), "\"");
        f.plant("stripe-test-key", "src/billing.rb", "TEST_KEY = '", t.stripe("sk_test"), "'");

        f.line("web/index.html", "<!doctype html>");
        f.plant(
                "google-api-key",
                "web/index.html",
                "<script src=\"https://maps.googleapis.com/maps/api/js?key=",
                t.googleApiKey(),
                "&callback=initMap\"></script>");

        f.line(".github/workflows/ci.yml", "env:");
        f.plant("github-oauth-token", ".github/workflows/ci.yml", "  GH_OAUTH: ", t.github("gho"), "");
        f.plant("github-app-token", ".github/workflows/ci.yml", "  GH_USER_TO_SERVER: ", t.github("ghu"), "");
        f.plant("github-app-token", ".github/workflows/ci.yml", "  GH_SERVER_TO_SERVER: ", t.github("ghs"), "");
        f.plant("github-refresh-token", ".github/workflows/ci.yml", "  GH_REFRESH: ", t.github("ghr"), "");
        f.plant("github-fine-grained-pat", ".github/workflows/ci.yml", "  GH_FINE: ", t.githubFineGrained(), "");
        f.line(".github/workflows/ci.yml", "  DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}");

        f.line("scripts/deploy.sh", "#!/bin/sh");
        f.plant("gitlab-pat", "scripts/deploy.sh", "export GITLAB_TOKEN=", t.gitlab(), "");
        f.line("scripts/deploy.sh", "curl -H \"PRIVATE-TOKEN: $GITLAB_TOKEN\" https://gitlab.com/api/v4/projects");

        f.line("infra/main.tf", "provider \"aws\" {");
        f.line("infra/main.tf", "  region     = \"eu-west-1\"");
        f.plant("aws-access-key-id", "infra/main.tf", "  access_key = \"", t.awsSessionKeyId(), "\"");
        f.plant("aws-secret-access-key", "infra/main.tf", "  secret_key = \"", t.awsSecretKey(), "\"");
        f.line("infra/main.tf", "}");
        f.line("infra/main.tf", "resource \"aws_db_instance\" \"db\" {");
        f.plant("generic-secret", "infra/main.tf", "  password = \"", t.password(), "\"");
        f.line("infra/main.tf", "}");

        f.plantPem("private-key", "deploy/key.pem", t.pkcs8Key());
        f.plantPem("openssh-private-key", "deploy/id_ed25519", t.openSshKey());
        Tokens.Pem pub = Tokens.Pem.of("PUBLIC KEY", t.random(Tokens.BASE64, 120), 64);
        pub.lines().forEach(l -> f.line("deploy/public.pem", l));

        f.line("README.md", "# Demo service");
        f.line("README.md", "Put `API_KEY=<your-api-key>` in config/.env; run `coffer scan` before pushing.");
        f.line(".cofferscanignore", "# documentation examples are fine");
        f.line(".cofferscanignore", "docs/**");
        f.line("docs/README.md", "# Tokens look like this");
        f.hidden("docs/README.md", "GITHUB_TOKEN=", t.github("ghp"), "");
        f.hidden("docs/README.md", "AWS_ACCESS_KEY_ID=", t.awsAccessKeyId(), "");

        f.hidden("node_modules/left-pad/index.js", "module.exports.token = \"", t.github("ghp"), "\";");
        f.hidden("build/generated.env", "AWS_ACCESS_KEY_ID=", t.awsAccessKeyId(), "");
        f.hidden("target/app.properties", "stripe.key=", t.stripe("sk_live"), "");
        f.hidden("vendor/lib/conf.py", "TOKEN = \"", t.github("ghp"), "\"");
        f.hidden("dist/bundle.js", "var k=\"", t.googleApiKey(), "\";");
        f.hidden(".git/config", "url = https://x:", t.github("ghp"), "@github.com/acme/demo");
        f.write();

        String binarySecret = t.github("ghp");
        f.secrets.add(binarySecret);
        Files.createDirectories(root.resolve("assets"));
        Files.write(
                root.resolve("assets/logo.bin"),
                concat(
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13},
                        ("token=" + binarySecret + "\n").getBytes(StandardCharsets.UTF_8)));
        String hugeSecret = t.github("ghp");
        f.secrets.add(hugeSecret);
        Files.createDirectories(root.resolve("data"));
        StringBuilder huge = new StringBuilder("GITHUB_TOKEN=" + hugeSecret + "\n");
        String filler = "2024-09-17T10:00:00Z INFO request served in 12ms path=/api/v1/items status=200\n";
        while (huge.length() <= FileScanner.MAX_FILE_SIZE) {
            huge.append(filler);
        }
        Files.writeString(root.resolve("data/huge.log"), huge, StandardCharsets.UTF_8);

        String latin1Secret = t.github("ghp");
        f.secrets.add(latin1Secret);
        byte[] invalidUtf8 = concat(
                new byte[] {'#', ' ', (byte) 0xE9, (byte) 0xFF, '\n'},
                ("GITHUB_TOKEN=" + latin1Secret + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(root.resolve("config/legacy.ini"), invalidUtf8);
        f.planted.add(new Plant("github-pat", "config/legacy.ini", 2, latin1Secret));
        return f;
    }

    static String hex(Random r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
