package dev.coffer.server.events;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How change-event streams are bounded: how often an idle stream sends a heartbeat (and checks again
 * that its caller may still listen), how many streams one caller may hold open on one project, and how
 * many events may wait for a subscriber that does not keep up before it is dropped.
 */
public record EventSettings(Duration heartbeat, int maxStreamsPerCaller, int queueSize) {

    /** The environment variables these settings are read from. */
    public static final Set<String> KEYS =
            Set.of("COFFER_EVENTS_HEARTBEAT_SECONDS", "COFFER_EVENTS_MAX_STREAMS", "COFFER_EVENTS_QUEUE");

    public static final EventSettings DEFAULTS = new EventSettings(Duration.ofSeconds(15), 5, 256);

    public EventSettings {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("COFFER_EVENTS_HEARTBEAT_SECONDS must be at least 1.");
        }
        if (maxStreamsPerCaller < 1) {
            throw new IllegalArgumentException("COFFER_EVENTS_MAX_STREAMS must be at least 1.");
        }
        if (queueSize < 1) throw new IllegalArgumentException("COFFER_EVENTS_QUEUE must be at least 1.");
    }

    /**
     * From the environment: {@code COFFER_EVENTS_HEARTBEAT_SECONDS} (15), {@code COFFER_EVENTS_MAX_STREAMS}
     * per caller and project (5), {@code COFFER_EVENTS_QUEUE} events waiting per subscriber (256).
     */
    public static EventSettings from(Map<String, String> env) {
        return new EventSettings(
                Duration.ofSeconds(number(env, "COFFER_EVENTS_HEARTBEAT_SECONDS", 15)),
                (int) number(env, "COFFER_EVENTS_MAX_STREAMS", 5),
                (int) number(env, "COFFER_EVENTS_QUEUE", 256));
    }

    private static long number(Map<String, String> env, String name, long dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'.");
        }
    }
}
