package dev.coffer.operator.sync;

import dev.coffer.operator.resource.InfisicalSecretSpec;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A resource's resync interval and instant-updates switch, from either place Infisical allows them. */
final class Intervals {

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h|d)?\\s*");

    private Intervals() {}

    /** {@code syncConfig.resyncInterval} (a duration), else {@code resyncInterval} (seconds), else the default. */
    static Duration resync(InfisicalSecretSpec spec, Duration fallback) {
        if (spec.syncConfig != null && spec.syncConfig.resyncInterval != null) {
            Duration d = parse(spec.syncConfig.resyncInterval);
            if (d != null) return d;
        }
        if (spec.resyncInterval != null && spec.resyncInterval > 0) return Duration.ofSeconds(spec.resyncInterval);
        return fallback;
    }

    static Duration parse(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        if (n <= 0) return null;
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(Math.max(n, 200));
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    static Boolean instant(InfisicalSecretSpec spec) {
        if (spec.syncConfig != null && spec.syncConfig.instantUpdates != null) return spec.syncConfig.instantUpdates;
        return spec.instantUpdates;
    }
}
