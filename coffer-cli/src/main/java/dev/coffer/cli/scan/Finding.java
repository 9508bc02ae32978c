package dev.coffer.cli.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One secret found. It never holds the secret itself: only a redacted form (at most the first four and
 * last two characters) and a fingerprint, so printing a finding cannot leak the secret.
 *
 * @param ruleId      the rule that matched
 * @param description the rule's description
 * @param severity    the rule's severity
 * @param file        path relative to the scan root, with {@code /} separators
 * @param line        1-based line number
 * @param column      1-based column where the secret (or the private-key header) starts
 * @param endColumn   1-based column just after it
 * @param commit      the commit that added it, or null for files on disk and staged changes
 * @param date        that commit's author date (ISO 8601), or null
 * @param redacted    the redacted secret
 * @param fingerprint first 16 hex characters of SHA-256 over rule id, file and secret; stable across runs
 */
public record Finding(
        String ruleId,
        String description,
        Severity severity,
        String file,
        int line,
        int column,
        int endColumn,
        String commit,
        String date,
        String redacted,
        String fingerprint) {

    /** Builds a finding from the secret, which is redacted and hashed here and then dropped. */
    static Finding of(Rule rule, String file, int line, int column, int endColumn, String secret, Origin origin) {
        return new Finding(
                rule.id(),
                rule.description(),
                rule.severity(),
                file,
                line,
                column,
                endColumn,
                origin.commit(),
                origin.date(),
                redact(secret),
                fingerprint(rule.id(), file, secret));
    }

    /** Where scanned text came from: a commit (with its author date), or the working tree / index. */
    record Origin(String commit, String date) {
        static final Origin NONE = new Origin(null, null);
    }

    /**
     * The secret with everything but a short head and tail masked: at most the first 4 and the last 2
     * characters, fewer for short secrets, so that at least half of any secret stays hidden.
     */
    public static String redact(String secret) {
        int n = secret.length();
        int head = Math.min(4, n / 4);
        int tail = Math.min(2, n / 8);
        return secret.substring(0, head) + "****" + secret.substring(n - tail);
    }

    /** Hex SHA-256 of {@code ruleId:file:secret}, first 16 characters. */
    public static String fingerprint(String ruleId, String file, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((ruleId + ":" + file + ":" + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** {@code file:line:column}. */
    public String location() {
        return file + ":" + line + ":" + column;
    }
}
