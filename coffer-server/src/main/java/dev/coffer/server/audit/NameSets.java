package dev.coffer.server.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
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
     * An event's metadata as stored: {@code stored} (what its row holds), {@code namesId} and {@code
     * names} (the set it refers to, null when it refers to none), and {@code full}, the metadata it
     * stands for.
     */
    record Compact(String full, String stored, String namesId, String names) {}

    /** A list of names as the metadata's JSON array, and its set's id (null when it stays inline). */
    record Names(String json, String id) {}

    /**
     * Lists of names encoded lately, by their names: every list of a folder names the same ones, and
     * encoding and hashing them was most of an event's own cost. Cleared when full.
     */
    private static final Map<List<String>, Names> RECENT = new ConcurrentHashMap<>();

    static final int MAX_RECENT = 1024;

    /** {@code keys} as the metadata's JSON array ({@code encode}) and the id of their set, remembered. */
    static Names of(List<String> keys, Function<List<String>, String> encode) {
        Names known = RECENT.get(keys);
        if (known != null) return known;
        String json = encode.apply(keys);
        Names made = new Names(json, json.length() < MIN_LENGTH ? null : idOf(json));
        if (RECENT.size() >= MAX_RECENT) RECENT.clear();
        RECENT.put(List.copyOf(keys), made);
        return made;
    }

    /**
     * Like {@link #compact(String)} for metadata whose names were encoded as {@code names}: the array
     * is where the key is, as long as {@code names} says, and its id is known.
     */
    static Compact compact(String metadata, Names names) {
        if (names.id() == null) return new Compact(metadata, metadata, null, null);
        int key = metadata.indexOf(KEY + "[");
        int end = key + KEY.length() + names.json().length();
        String stored = metadata.substring(0, key) + REFERENCE + metadata.substring(end);
        return new Compact(metadata, stored, names.id(), names.json());
    }

    /** The metadata of an event as its row stores it ({@link StoredEvent#metadataOf} encodes it). */
    static Compact compact(String metadata) {
        int key = metadata.indexOf(KEY + "[");
        if (key < 0) return new Compact(metadata, metadata, null, null);
        int start = key + KEY.length();
        int end = endOfArray(metadata, start);
        if (end < 0 || end - start < MIN_LENGTH) return new Compact(metadata, metadata, null, null);
        String names = metadata.substring(start, end);
        String stored = metadata.substring(0, key) + REFERENCE + metadata.substring(end);
        return new Compact(metadata, stored, idOf(names), names);
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

    /** The id of a set of names: its SHA-256, 128 bits of it, in base64url. */
    static String idOf(String names) {
        byte[] h = ChainHash.digest().digest(names.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 16));
    }
}
