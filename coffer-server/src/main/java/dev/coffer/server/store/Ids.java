package dev.coffer.server.store;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Row ids and timestamps as stored and as sent to clients. */
public final class Ids {

    private Ids() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * A UUID of version 7: the time in milliseconds, then random bits. Ids made later sort later, so
     * rows appended in time order (audit events) add to the end of their id index instead of to a
     * random page of it.
     */
    public static String timeOrderedId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A time and its text; the slots of {@link #ISO} hold whole pairs, so a racy read sees one or none. */
    private record Iso(long millis, String text) {}

    /**
     * The last times formatted, by a hash of the time: lists send the same creation and update times
     * of the same secrets again and again. Unsynchronised on purpose (a lost write costs a format).
     */
    private static final Iso[] ISO = new Iso[4096];

    /** ISO-8601 with milliseconds, as Infisical sends dates. */
    public static String iso(long epochMillis) {
        int slot = (Long.hashCode(epochMillis) * 0x9E3779B9) >>> 20;
        Iso kept = ISO[slot];
        if (kept != null && kept.millis() == epochMillis) return kept.text();
        String text = Instant.ofEpochMilli(epochMillis).toString();
        ISO[slot] = new Iso(epochMillis, text);
        return text;
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
