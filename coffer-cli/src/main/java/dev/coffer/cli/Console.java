package dev.coffer.cli;

import java.time.Duration;
import java.time.Instant;

/** Messages to the user on stderr, prefixed "coffer:". Never given a secret value. */
public final class Console {

    private Console() {}

    public static void info(String message) {
        System.err.println("coffer: " + message);
    }

    public static void warn(String message) {
        System.err.println("coffer: warning: " + message);
    }

    /** "4 min ago"-style age of an instant. */
    public static String age(Instant then) {
        Duration d = Duration.between(then, Instant.now());
        if (d.isNegative()) d = Duration.ZERO;
        if (d.toMinutes() < 1) return d.toSeconds() + " s ago";
        if (d.toHours() < 1) return d.toMinutes() + " min ago";
        if (d.toDays() < 1) return d.toHours() + " h " + d.toMinutesPart() + " min ago";
        return d.toDays() + " days " + d.toHoursPart() + " h ago";
    }
}
