package dev.coffer.server.projects;

import dev.coffer.server.errors.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A temporary role's span as Infisical's clients send it: mode {@code relative}, a range such as
 * {@code 30m}, {@code 1h}, {@code 7d} or {@code 2 hours} (a number and a unit: ms, s, m, h, d, w, y, or
 * their words; a bare number is milliseconds), and an ISO-8601 start time. The role counts from the
 * start until start + range (exclusive).
 */
final class TemporaryRange {

    record Span(long start, long end) {}

    private static final Pattern RANGE = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,6})?) *([a-z]*)");
    private static final long MAX_MS = 100L * 365 * 24 * 3600 * 1000;

    private TemporaryRange() {}

    static Span span(String mode, String range, String start, String field) {
        if (!"relative".equals(mode)) {
            throw new ApiException.Validation(
                    field, "A temporary role needs temporaryMode \"relative\" (got '" + mode + "').");
        }
        long ms = millis(range, field);
        if (start == null) {
            throw new ApiException.Validation(
                    field, "A temporary role needs temporaryAccessStartTime (ISO-8601, e.g. 2026-01-31T12:00:00Z).");
        }
        long from;
        try {
            from = Instant.parse(start).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ApiException.Validation(
                    field, "temporaryAccessStartTime must be an ISO-8601 time such as 2026-01-31T12:00:00Z.");
        }
        return new Span(from, from + ms);
    }

    static long millis(String range, String field) {
        Matcher m = range == null ? null : RANGE.matcher(range.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) throw badRange(range, field);
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "", "ms", "msec", "msecs", "millisecond", "milliseconds" -> 1L;
            case "s", "sec", "secs", "second", "seconds" -> 1000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000L;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            case "w", "week", "weeks" -> 604_800_000L;
            case "y", "yr", "yrs", "year", "years" -> 31_557_600_000L;
            default -> throw badRange(range, field);
        };
        double ms = n * unit;
        if (ms < 1 || ms > MAX_MS) throw badRange(range, field);
        return (long) ms;
    }

    private static ApiException badRange(String range, String field) {
        return new ApiException.Validation(
                field,
                "temporaryRange '" + ProjectService.abbreviate(String.valueOf(range))
                        + "' is not a positive duration such as 30m, 1h or 7d (at most 100 years).");
    }
}
