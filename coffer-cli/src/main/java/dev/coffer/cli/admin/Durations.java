package dev.coffer.cli.admin;

import dev.coffer.cli.CliException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lengths of time as people type them: 3600 (seconds), 90s, 15m, 12h, 7d, 2w. */
final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhdw]?)");

    private Durations() {}

    /** Seconds; a usage error naming the option for anything else. */
    static long seconds(String text, String option) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new CliException(
                    option + " " + text + ": give seconds (3600) or a number with s, m, h, d or w " + "(15m, 12h, 7d).",
                    2);
        }
        long n = Long.parseLong(m.group(1));
        return n
                * switch (m.group(2)) {
                    case "m" -> 60L;
                    case "h" -> 3600L;
                    case "d" -> 86_400L;
                    case "w" -> 604_800L;
                    default -> 1L;
                };
    }

    /** An instant: ISO-8601 (2026-11-30T10:00:00Z) or a duration before now (15m, 2h, 7d). */
    static String instant(String text, String option) {
        String t = text.trim();
        try {
            return Instant.parse(t).toString();
        } catch (DateTimeParseException e) {
            if (!FORM.matcher(t).matches() || t.chars().allMatch(Character::isDigit)) {
                throw new CliException(
                        option + " " + text + ": give an instant such as 2026-11-30T10:00:00Z, or how "
                                + "long ago: 15m, 2h, 7d.",
                        2);
            }
            return Instant.now().minusSeconds(seconds(t, option)).toString();
        }
    }
}
