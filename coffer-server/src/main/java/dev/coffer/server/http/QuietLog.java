package dev.coffer.server.http;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * One concise line per client misbehaviour (a client hanging up mid-body, a stalled request, a request
 * the web server could not parse), never a stack trace, and at most {@code perMinute} lines a minute:
 * the rest are counted and reported as one "suppressed" line when the next minute starts. A hostile
 * client cannot flood the log, and the operator still sees that it happened and how often.
 */
final class QuietLog {

    private static final long WINDOW_MILLIS = 60_000;

    private final Logger log;
    private final Clock clock;
    private final int perMinute;
    private long windowStart;
    private int logged;
    private int suppressed;

    QuietLog(Logger log, Clock clock, int perMinute) {
        this.log = log;
        this.clock = clock;
        this.perMinute = perMinute;
        this.windowStart = clock.millis();
    }

    /** Logs {@code line} (which must hold no request data beyond its address) unless the minute's quota is used. */
    void event(String line) {
        String summary = null;
        boolean show;
        synchronized (this) {
            long now = clock.millis();
            if (now - windowStart >= WINDOW_MILLIS || now < windowStart) {
                if (suppressed > 0) summary = "suppressed " + suppressed + " similar lines in the last minute";
                windowStart = now;
                logged = 0;
                suppressed = 0;
            }
            show = logged < perMinute;
            if (show) logged++;
            else suppressed++;
        }
        if (summary != null) log.log(Level.WARNING, summary);
        if (show) log.log(Level.WARNING, line);
    }
}
