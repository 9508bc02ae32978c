package dev.coffer.cli.scan;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The built-in rules, most specific first: when two rules match overlapping text on a line, the earlier
 * one wins (so {@code GITHUB_TOKEN=ghp_…} is a {@code github-pat}, not a {@code generic-secret}).
 *
 * <p>Case-insensitive patterns start with a look-ahead for their possible first letters, e.g.
 * {@code (?=[kstpc])}: it changes nothing about what matches but lets the regex engine skip most positions
 * cheaply, which matters on lines full of keywords.
 */
public final class Rules {
    /** Passwords in URLs that are documentation or local defaults, not secrets. */
    private static final Set<String> DEFAULT_PASSWORDS = Set.of(
            "password",
            "passwd",
            "pass",
            "secret",
            "changeme",
            "postgres",
            "postgresql",
            "mysql",
            "mariadb",
            "mongo",
            "mongodb",
            "redis",
            "root",
            "admin",
            "test",
            "testing",
            "guest",
            "default",
            "dbpass",
            "dbpassword",
            "mypassword",
            "yourpassword",
            "pwd",
            "sa",
            "user",
            "username");

    private static final List<Rule> BUILT_IN = List.of(
            new Rule(
                    "openssh-private-key",
                    "OpenSSH private key",
                    Severity.CRITICAL,
                    Rule.Kind.PRIVATE_KEY,
                    List.of("openssh private key"),
                    List.of(Pattern.compile("-{5}BEGIN OPENSSH PRIVATE KEY-{5}")),
                    Rules::plausibleKeyBody),
            new Rule(
                    "private-key",
                    "PEM private key",
                    Severity.CRITICAL,
                    Rule.Kind.PRIVATE_KEY,
                    List.of("private key"),
                    List.of(Pattern.compile("-{5}BEGIN(?! OPENSSH)[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-{5}")),
                    Rules::plausibleKeyBody),
            Rule.token(
                    "aws-access-key-id",
                    "AWS access key ID",
                    Severity.CRITICAL,
                    List.of("akia", "asia"),
                    "\\b(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})\\b",
                    (s, m) -> Heuristics.plausibleToken(s, 3.0)),
            new Rule(
                    "aws-secret-access-key",
                    "AWS secret access key",
                    Severity.CRITICAL,
                    Rule.Kind.TOKEN,
                    List.of("secret", "akia", "asia"),
                    List.of(
                            Pattern.compile("(?i)(?=[as])(?<![A-Za-z0-9])(?:aws[_.-]?)?secret[_.-]?(?:access[_.-]?)?key"
                                    + "[\"'`]?]?[ \\t]*(?::=|=>|=|:)[ \\t]*[\"'`]?"
                                    + "(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
                            Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}[\"']?[ \\t]*[,;:|= \\t][ \\t]*[\"']?"
                                    + "(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])")),
                    (s, m) -> Heuristics.plausibleToken(s, 3.5)
                            && !s.equals(s.toLowerCase(Locale.ROOT))
                            && !s.equals(s.toUpperCase(Locale.ROOT))),
            Rule.token(
                    "github-pat",
                    "GitHub personal access token",
                    Severity.HIGH,
                    List.of("ghp_"),
                    "\\b(?<secret>ghp_[A-Za-z0-9]{36,255})\\b",
                    Rules::plausible),
            Rule.token(
                    "github-oauth-token",
                    "GitHub OAuth access token",
                    Severity.HIGH,
                    List.of("gho_"),
                    "\\b(?<secret>gho_[A-Za-z0-9]{36,255})\\b",
                    Rules::plausible),
            Rule.token(
                    "github-app-token",
                    "GitHub App user-to-server or server-to-server token",
                    Severity.HIGH,
                    List.of("ghu_", "ghs_"),
                    "\\b(?<secret>gh[us]_[A-Za-z0-9]{36,255})\\b",
                    Rules::plausible),
            Rule.token(
                    "github-refresh-token",
                    "GitHub refresh token",
                    Severity.HIGH,
                    List.of("ghr_"),
                    "\\b(?<secret>ghr_[A-Za-z0-9]{36,255})\\b",
                    Rules::plausible),
            Rule.token(
                    "github-fine-grained-pat",
                    "GitHub fine-grained personal access token",
                    Severity.HIGH,
                    List.of("github_pat_"),
                    "\\b(?<secret>github_pat_[A-Za-z0-9_]{50,255})\\b",
                    Rules::plausible),
            Rule.token(
                    "gitlab-pat",
                    "GitLab personal access token",
                    Severity.HIGH,
                    List.of("glpat-"),
                    "(?<![A-Za-z0-9_-])(?<secret>glpat-[A-Za-z0-9_-]{20,255})",
                    Rules::plausible),
            Rule.token(
                    "slack-bot-token",
                    "Slack bot token",
                    Severity.HIGH,
                    List.of("xox"),
                    "(?<![A-Za-z0-9_-])(?<secret>xoxb-[0-9]{8,14}-[A-Za-z0-9-]{20,255})",
                    Rules::plausible),
            Rule.token(
                    "slack-user-token",
                    "Slack user token",
                    Severity.HIGH,
                    List.of("xox"),
                    "(?<![A-Za-z0-9_-])(?<secret>xox[ps]-[0-9]{8,14}-[A-Za-z0-9-]{20,255})",
                    Rules::plausible),
            Rule.token(
                    "slack-app-token",
                    "Slack app-level token",
                    Severity.HIGH,
                    List.of("xapp-"),
                    "(?<![A-Za-z0-9_-])(?<secret>xapp-[0-9]-[A-Za-z0-9-]{20,255})",
                    Rules::plausible),
            Rule.token(
                    "slack-webhook-url",
                    "Slack incoming webhook URL",
                    Severity.HIGH,
                    List.of("hooks.slack.com"),
                    "(?<secret>https?://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{20,255})",
                    Rules::plausible),
            Rule.token(
                    "stripe-secret-key",
                    "Stripe live secret key",
                    Severity.CRITICAL,
                    List.of("k_live_"),
                    "\\b(?<secret>sk_live_[A-Za-z0-9]{20,247})\\b",
                    Rules::plausible),
            Rule.token(
                    "stripe-restricted-key",
                    "Stripe live restricted key",
                    Severity.HIGH,
                    List.of("k_live_"),
                    "\\b(?<secret>rk_live_[A-Za-z0-9]{20,247})\\b",
                    Rules::plausible),
            Rule.token(
                    "stripe-test-key",
                    "Stripe test-mode secret or restricted key",
                    Severity.LOW,
                    List.of("k_test_"),
                    "\\b(?<secret>[sr]k_test_[A-Za-z0-9]{20,247})\\b",
                    Rules::plausible),
            Rule.token(
                    "google-api-key",
                    "Google API key",
                    Severity.HIGH,
                    List.of("aiza"),
                    "(?<![A-Za-z0-9_-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])",
                    Rules::plausible),
            Rule.token(
                    "anthropic-api-key",
                    "Anthropic API key",
                    Severity.HIGH,
                    List.of("sk-ant-"),
                    "(?<![A-Za-z0-9_-])(?<secret>sk-ant-[A-Za-z0-9_-]{32,255})",
                    (s, m) -> Heuristics.plausibleToken(s, 3.5)),
            Rule.token(
                    "openai-api-key",
                    "OpenAI API key",
                    Severity.HIGH,
                    List.of("sk-"),
                    "(?<![A-Za-z0-9_-])(?<secret>sk-(?!ant-)[A-Za-z0-9_-]{32,255})",
                    (s, m) -> Heuristics.hasDigit(s) && Heuristics.plausibleToken(s, 3.5)),
            Rule.token(
                    "jwt",
                    "JSON Web Token",
                    Severity.MEDIUM,
                    List.of("eyj"),
                    "(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,4096}\\.eyJ[A-Za-z0-9_-]{8,8192}\\.[A-Za-z0-9_-]{16,1024})",
                    (s, m) -> jwtHeaderHasAlg(s)),
            Rule.token(
                    "database-url-password",
                    "Database connection URL with a password",
                    Severity.CRITICAL,
                    List.of("://"),
                    "(?i)(?=[pmr])(?<![A-Za-z0-9+.-])(?:postgres(?:ql)?|mysql|mariadb|mongodb|rediss?)(?:\\+[A-Za-z0-9]+)?://"
                            + "(?<user>[^:@/\\s\"'`]{0,256}):(?<secret>[^@/\\s\"'`]{1,256})@[^\\s\"'`/?#]{1,256}",
                    Rules::realUrlPassword),
            new Rule(
                    "generic-secret",
                    "High-entropy value assigned to a key, secret, token or password name",
                    Severity.MEDIUM,
                    Rule.Kind.ASSIGNMENT,
                    List.of("key", "secret", "token", "passw", "pwd", "passphrase", "credential"),
                    List.of(Pattern.compile("(?i)(?=[kstpc])"
                            + "(?<keyword>key|secret|token|passwd|password|pwd|passphrase|credentials?)"
                            + "[\"'`]?]?[ \\t]*(?::=|=>|=(?!=)|:(?![:=]))[ \\t]*")),
                    null));

    private Rules() {}

    /** All built-in rules, in priority order. */
    public static List<Rule> builtIn() {
        return BUILT_IN;
    }

    /** The built-in rule with this id. */
    public static Optional<Rule> byId(String id) {
        return BUILT_IN.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private static boolean plausible(String secret, java.util.regex.Matcher m) {
        return Heuristics.plausibleToken(secret, 3.0);
    }

    private static boolean plausibleKeyBody(String body, java.util.regex.Matcher m) {
        return body.length() >= 40 && Heuristics.entropy(body) >= 4.0;
    }

    private static boolean realUrlPassword(String password, java.util.regex.Matcher m) {
        String lower = password.toLowerCase(Locale.ROOT);
        return password.length() >= 6
                && !Heuristics.isPlaceholder(password)
                && !DEFAULT_PASSWORDS.contains(lower)
                && !password.equals(m.group("user"));
    }

    private static boolean jwtHeaderHasAlg(String token) {
        try {
            String header = token.substring(0, token.indexOf('.'));
            String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
            return json.startsWith("{") && json.contains("\"alg\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
