package dev.coffer.operator.sync;

import java.time.Duration;

/**
 * How the operator syncs: the resync interval for resources that name none, the longest wait between
 * retries after a failure (backoff doubles from one second up to it), and the timeout of calls to Coffer.
 */
public record SyncSettings(Duration defaultResync, Duration maxBackoff, Duration httpTimeout) {
    public static final SyncSettings DEFAULTS =
            new SyncSettings(Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(15));
}
