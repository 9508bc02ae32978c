package dev.coffer.server.audit;

import dev.coffer.server.errors.StartupException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The audit trail's settings, from the environment.
 *
 * @param enabled       {@code COFFER_AUDIT}: {@code on} (default) records every request in the database;
 *                      {@code off} records nothing (for measuring what auditing costs; never in production)
 * @param failOpen      {@code COFFER_AUDIT_FAIL_OPEN=true}: answer even when the event could not be
 *                      recorded (logged loudly at start and at every failure); default false (fail closed)
 * @param maxWait       {@code COFFER_AUDIT_MAX_WAIT_MS}: how long a request waits for its event to be
 *                      committed before it is refused (default 5000)
 */
public record AuditSettings(boolean enabled, boolean failOpen, Duration maxWait) {

    public static final List<String> KEYS =
            List.of("COFFER_AUDIT", "COFFER_AUDIT_FAIL_OPEN", "COFFER_AUDIT_MAX_WAIT_MS");

    public static final AuditSettings DEFAULTS = new AuditSettings(true, false, Duration.ofSeconds(5));

    public AuditSettings {
        if (maxWait.isNegative() || maxWait.isZero())
            throw new StartupException("COFFER_AUDIT_MAX_WAIT_MS must be positive.");
    }

    public static AuditSettings from(Map<String, String> env) {
        boolean enabled = switch (blank(env.get("COFFER_AUDIT"), "on")) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default ->
                throw new StartupException(
                        "COFFER_AUDIT must be 'on' or 'off', got '" + env.get("COFFER_AUDIT") + "'.");
        };
        boolean failOpen = switch (blank(env.get("COFFER_AUDIT_FAIL_OPEN"), "false")) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new StartupException("COFFER_AUDIT_FAIL_OPEN must be 'true' or 'false', got '"
                        + env.get("COFFER_AUDIT_FAIL_OPEN") + "'.");
        };
        String wait = blank(env.get("COFFER_AUDIT_MAX_WAIT_MS"), "5000");
        long ms;
        try {
            ms = Long.parseLong(wait);
        } catch (NumberFormatException e) {
            throw new StartupException(
                    "COFFER_AUDIT_MAX_WAIT_MS must be a whole number of milliseconds, got '" + wait + "'.");
        }
        if (ms < 1 || ms > 600_000)
            throw new StartupException("COFFER_AUDIT_MAX_WAIT_MS must be between 1 and 600000.");
        return new AuditSettings(enabled, failOpen, Duration.ofMillis(ms));
    }

    private static String blank(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
