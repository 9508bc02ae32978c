package dev.coffer.server.identities;

import dev.coffer.server.errors.ApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per client address, on top of the per-identity lockout, so a client guessing
 * across many client ids is stopped too. Only failures count: a service that logs in correctly is
 * never slowed. The state is per node (a fixed window per address); an attacker spread over several
 * nodes gets at most the limit on each.
 */
final class FailedLoginLimiter {

    private record Window(long start, int failures) {}

    private final int maxFailures;
    private final long windowMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailedLoginLimiter(int maxFailures, long windowMillis) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
    }

    /** Throws 429 (with the seconds to wait) when the address has used up its failures in this window. */
    void check(String ip, long now) {
        Window w = windows.get(ip);
        if (w != null && now - w.start() < windowMillis && w.failures() >= maxFailures) {
            long retry = Math.max(1, (w.start() + windowMillis - now + 999) / 1000);
            throw new ApiException.RateLimited(
                    "Too many failed logins from " + ip + "; try again in " + retry + " seconds.", retry);
        }
    }

    void recordFailure(String ip, long now) {
        windows.compute(
                ip,
                (k, w) -> w == null || now - w.start() >= windowMillis
                        ? new Window(now, 1)
                        : new Window(w.start(), w.failures() + 1));
        if (windows.size() > 100_000)
            windows.entrySet().removeIf(e -> now - e.getValue().start() >= windowMillis);
    }
}
