package dev.coffer.server.store;

import java.time.Instant;
import java.util.UUID;

/** Row ids and timestamps as stored and as sent to clients. */
public final class Ids {

    private Ids() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** ISO-8601 with milliseconds, as Infisical sends dates. */
    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** Whether a string is a well-formed UUID (ids from clients are checked before any query). */
    public static boolean isUuid(String s) {
        if (s == null || s.length() != 36) return false;
        for (int i = 0; i < 36; i++) {
            char ch = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? ch != '-' : Character.digit(ch, 16) < 0) return false;
        }
        return true;
    }
}
