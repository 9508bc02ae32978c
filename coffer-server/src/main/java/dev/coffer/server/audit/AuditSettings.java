package dev.coffer.server.audit;

import dev.coffer.server.errors.StartupException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The audit trail's settings, from the environment.
 *
 * @param enabled       {@code COFFER_AUDIT}: {@code on} (default) records every request in the database;
 *                      {@code off} records nothing (for measuring what auditing costs; never in production)
 * @param failOpen      {@code COFFER_AUDIT_FAIL_OPEN=true}: answer even when the event could not be
 *                      recorded (logged loudly at start and at every failure); default false (fail closed)
 * @param maxWait       {@code COFFER_AUDIT_MAX_WAIT_MS}: how long a request waits for its event to be
 *                      committed before it is refused (default 30000)
 * @param file          {@code COFFER_AUDIT_FILE}: also append every committed event to this file as a JSON
 *                      line, or null
 * @param webhook       {@code COFFER_AUDIT_WEBHOOK_URL}: also POST committed events (JSON lines) to this
 *                      URL, or null
 * @param retentionDays {@code COFFER_AUDIT_RETENTION_DAYS}: events older than this are pruned (the chain
 *                      keeps an anchor); 0 (default) keeps them forever
 * @param journal       {@code COFFER_AUDIT_JOURNAL}: {@code on} (default) answers reads once their events
 *                      are in the server's journal (a file in the data directory the database takes them
 *                      from within milliseconds, {@link AuditJournal}); {@code off} once they are committed
 */
public record AuditSettings(
        boolean enabled,
        boolean failOpen,
        Duration maxWait,
        Path file,
        URI webhook,
        int retentionDays,
        boolean journal) {

    public static final List<String> KEYS = List.of(
            "COFFER_AUDIT",
            "COFFER_AUDIT_FAIL_OPEN",
            "COFFER_AUDIT_MAX_WAIT_MS",
            "COFFER_AUDIT_FILE",
            "COFFER_AUDIT_WEBHOOK_URL",
            "COFFER_AUDIT_RETENTION_DAYS",
            "COFFER_AUDIT_JOURNAL");

    public static final AuditSettings DEFAULTS =
            new AuditSettings(true, false, Duration.ofSeconds(30), null, null, 0, true);

    public AuditSettings {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new StartupException("COFFER_AUDIT_MAX_WAIT_MS must be positive.");
        }
        if (retentionDays < 0) throw new StartupException("COFFER_AUDIT_RETENTION_DAYS must not be negative.");
    }

    /** These settings with another failure mode (tests). */
    public AuditSettings failingOpen(boolean open) {
        return new AuditSettings(enabled, open, maxWait, file, webhook, retentionDays, journal);
    }

    /** These settings with the journal on or off (tests). */
    public AuditSettings journaling(boolean on) {
        return new AuditSettings(enabled, failOpen, maxWait, file, webhook, retentionDays, on);
    }

    public static AuditSettings from(Map<String, String> env) {
        boolean enabled = onOff(env, "COFFER_AUDIT", true);
        boolean failOpen = switch (lower(env.get("COFFER_AUDIT_FAIL_OPEN"), "false")) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new StartupException("COFFER_AUDIT_FAIL_OPEN must be 'true' or 'false', got '"
                        + env.get("COFFER_AUDIT_FAIL_OPEN") + "'.");
        };
        boolean journal = onOff(env, "COFFER_AUDIT_JOURNAL", true);
        long wait = number(env, "COFFER_AUDIT_MAX_WAIT_MS", 30_000, 1, 600_000);
        int days = (int) number(env, "COFFER_AUDIT_RETENTION_DAYS", 0, 0, 36_500);
        String file = env.get("COFFER_AUDIT_FILE");
        String hook = env.get("COFFER_AUDIT_WEBHOOK_URL");
        return new AuditSettings(
                enabled,
                failOpen,
                Duration.ofMillis(wait),
                file == null || file.isBlank() ? null : Path.of(file.trim()),
                hook == null || hook.isBlank() ? null : webhook(hook.trim()),
                days,
                journal);
    }

    /** A switch: {@code on} or {@code true}, {@code off} or {@code false}, or unset for {@code dflt}. */
    private static boolean onOff(Map<String, String> env, String name, boolean dflt) {
        return switch (lower(env.get(name), dflt ? "on" : "off")) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new StartupException(name + " must be 'on' or 'off', got '" + env.get(name) + "'.");
        };
    }

    private static URI webhook(String url) {
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message
        }
        throw new StartupException("COFFER_AUDIT_WEBHOOK_URL must be an http(s) URL such as https://siem.example/"
                + "coffer; check its spelling.");
    }

    private static long number(Map<String, String> env, String name, long dflt, long min, long max) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return dflt;
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new StartupException(name + " must be a whole number, got '" + v + "'.");
        }
        if (n < min || n > max) throw new StartupException(name + " must be between " + min + " and " + max + ".");
        return n;
    }

    private static String lower(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v.trim().toLowerCase(Locale.ROOT);
    }
}
