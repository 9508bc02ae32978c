package dev.coffer.server.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The secret names of an event, stored once for all the events that name the same ones. A list of 50
 * secrets names all 50 in its event's metadata, two thirds of the row, and every list of that folder
 * names them again. So an event whose names are long stores a reference instead: its metadata holds
 * {@code "secretKeys":"@"} and its row's {@code names_id} the id of a row of {@code audit_name_sets},
 * a hash of the names as JSON. A row read back is expanded to the metadata the chain's hash covers:
 * editing or deleting a set of names breaks the chain at the first event that names it.
 */
final class NameSets {

    /** Names shorter than this (as JSON) stay in the event's own metadata. */
    static final int MIN_LENGTH = 64;

    private static final String KEY = "\"secretKeys\":";
    private static final String REFERENCE = KEY + "\"@\"";

    private NameSets() {}

    /**
     * An event's metadata as stored: {@code stored} (what its row holds), {@code namesId}, {@code names}
     * and {@code namesDigest} (the set it refers to, its names as JSON and their SHA-256 in hex; null
     * when it refers to none). {@link #full} is the metadata it stands for.
     */
    record Compact(String stored, String namesId, String names, String namesDigest) {

        /** Metadata that refers to no set of names. */
        static Compact inline(String metadata) {
            return new Compact(metadata, null, null, null);
        }

        /** The metadata this stands for, its names put back. */
        String full() {
            return expand(stored, names);
        }
    }

    /** A list of names as the metadata's JSON array, its set's id and its SHA-256 in hex (both null when it stays inline). */
    record Names(String json, String id, String digest) {}

    /**
     * Lists of names encoded lately, by their names: every list of a folder names the same ones, and
     * encoding and hashing them was most of an event's own cost. Cleared when full.
     */
    private static final Map<List<String>, Names> RECENT = new ConcurrentHashMap<>();

    static final int MAX_RECENT = 1024;

    /** {@code keys} as the metadata's JSON array ({@code encode}) and the id of their set, remembered. */
    static Names of(List<String> keys, Function<List<String>, String> encode) {
        int slot = System.identityHashCode(keys) & (SEEN.length - 1);
        Seen seen = SEEN[slot];
        if (seen != null && seen.keys() == keys) return seen.names();
        Names known = RECENT.get(keys);
        if (known == null) {
            String json = encode.apply(keys);
            known = json.length() < MIN_LENGTH ? new Names(json, null, null) : referenced(json);
            if (RECENT.size() >= MAX_RECENT) RECENT.clear();
            RECENT.put(List.copyOf(keys), known);
        }
        SEEN[slot] = new Seen(keys, known);
        return known;
    }

    /** A list of names met lately, the very list, and its encoding. */
    private record Seen(List<String> keys, Names names) {}

    /**
     * The lists met lately, by identity: a kept listing names the same list in every request
     * ({@code AuditScope.listed}), found here without hashing and comparing its names. Only immutable
     * lists come here (an event's). Racy by design: a slot holds one list, the last one put there.
     */
    private static final Seen[] SEEN = new Seen[256];

    /** The metadata of an event as its row stores it ({@link StoredEvent#metadataOf} encodes it). */
    static Compact compact(String metadata) {
        int key = metadata.indexOf(KEY + "[");
        if (key < 0) return Compact.inline(metadata);
        int start = key + KEY.length();
        int end = endOfArray(metadata, start);
        if (end < 0 || end - start < MIN_LENGTH) return Compact.inline(metadata);
        String names = metadata.substring(start, end);
        String stored = metadata.substring(0, key) + REFERENCE + metadata.substring(end);
        Names set = referenced(names);
        return new Compact(stored, set.id(), names, set.digest());
    }

    /** The metadata a stored row stands for, given the names its reference names (null: left as stored). */
    static String expand(String stored, String names) {
        if (names == null) return stored;
        int at = stored.indexOf(REFERENCE);
        if (at < 0) return stored;
        return stored.substring(0, at) + KEY + names + stored.substring(at + REFERENCE.length());
    }

    /**
     * The end (exclusive) of the JSON array starting at {@code start}: its strings are skipped whole,
     * escapes included, so a bracket inside a name does not end it. -1 when it does not end.
     */
    private static int endOfArray(String s, int start) {
        boolean inString = false;
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == ']') {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * A list of names (as JSON) stored as a set, from one SHA-256 of it: the set's id, 128 bits of the
     * hash in base64url, and the hash in hex, what an event's hash covers of the names it refers to
     * ({@link ChainHash}).
     */
    static Names referenced(String names) {
        byte[] h = ChainHash.digest().digest(names.getBytes(StandardCharsets.UTF_8));
        return new Names(
                names,
                Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 16)),
                HexFormat.of().formatHex(h));
    }
}
