package dev.coffer.server.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run of consecutive audit events of one organization, as the trail stores it: one row per audit
 * commit and organization instead of one per event. The events are JSON,
 * {@code [time, [strings], [event], [event], …]}: each string of the block once, and each event an
 * array of references to them by position ({@code -1}: null),
 * {@code [time − block's time, id, type, actor type, actor id, actor name, organization, project,
 * environment, path, IP, user agent, status, metadata as stored, set of names, request id]}. An id of
 * {@code -1} is the one {@link #idOf} makes from the event's sequence number and time (events before
 * blocks hold their own). The metadata is stored with its request id, the one part that differs from
 * request to request, as {@code "@"} and the id apart ({@link #template}), so the requests of a block
 * share one metadata string; events before blocks have no request id field and their metadata
 * whole. The events' sequence numbers are the block's, from {@code firstSeq} on.
 *
 * <p>The row also holds what finds it (organization, times, sequence numbers) and the hash before its
 * first event and after its last; the hashes between are not stored but recomputed ({@link #hashed}),
 * as its {@code format} says ({@link ChainHash#WHOLE} or {@link ChainHash#STORED}).
 */
record EventBlock(
        long firstSeq,
        long lastSeq,
        String orgId,
        long firstAt,
        long lastAt,
        String prevHash,
        String hash,
        String events,
        int format) {

    /** Fields of an event: 15 in events from before blocks, which have no request id field. */
    private static final int FIELDS = 16;

    private static final String REQUEST_ID = "\"requestId\":\"";

    /** An event read from a block: its metadata as stored and the id of the set of names it refers to (null: none). */
    record Stored(StoredEvent event, String namesId) {}

    /**
     * The id of the event at {@code seq}, made at {@code createdAt}: a time-ordered UUID (version 7's
     * layout) whose random bits are the sequence number, so it is unique in the chain and need not be
     * stored.
     */
    static String idOf(long seq, long createdAt) {
        long msb = (createdAt << 16) | 0x7000L | ((seq >>> 62) & 0x3L);
        long lsb = (seq & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /** The block of {@code links} (consecutive, hashed, one organization's), each with its metadata as stored. */
    static EventBlock of(List<StoredEvent> links, List<NameSets.Compact> metadata) {
        StoredEvent first = links.getFirst(), last = links.getLast();
        long firstAt = Long.MAX_VALUE, lastAt = Long.MIN_VALUE;
        for (StoredEvent e : links) {
            firstAt = Math.min(firstAt, e.createdAt());
            lastAt = Math.max(lastAt, e.createdAt());
        }
        return new EventBlock(
                first.seq(),
                last.seq(),
                first.orgId(),
                firstAt,
                lastAt,
                first.prevHash(),
                last.hash(),
                encode(links, metadata, first.createdAt()),
                ChainHash.STORED);
    }

    private static String encode(List<StoredEvent> links, List<NameSets.Compact> metadata, long time) {
        Map<String, Integer> refs = new HashMap<>();
        List<String> strings = new ArrayList<>();
        int[][] events = new int[links.size()][];
        for (int i = 0; i < links.size(); i++) {
            StoredEvent e = links.get(i);
            NameSets.Compact m = metadata.get(i);
            String id = idOf(e.seq(), e.createdAt()).equals(e.id()) ? null : e.id();
            String[] metadataAndRequestId = template(m.stored());
            String[] fields = {
                id,
                e.eventType(),
                e.actorType(),
                e.actorId(),
                e.actorName(),
                e.orgId(),
                e.projectId(),
                e.environment(),
                e.secretPath(),
                e.ip(),
                e.userAgent(),
                metadataAndRequestId[0],
                m.namesId(),
                metadataAndRequestId[1]
            };
            int[] refsOf = new int[fields.length];
            for (int f = 0; f < fields.length; f++) {
                String s = fields[f];
                refsOf[f] = s == null
                        ? -1
                        : refs.computeIfAbsent(s, k -> {
                            strings.add(k);
                            return strings.size() - 1;
                        });
            }
            events[i] = refsOf;
        }
        StringWriter out = new StringWriter(64 * links.size() + 256);
        try (JsonGenerator g = StoredEvent.JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            g.writeNumber(time);
            g.writeStartArray();
            for (String s : strings) g.writeString(s);
            g.writeEndArray();
            for (int i = 0; i < events.length; i++) {
                int[] r = events[i];
                g.writeStartArray();
                g.writeNumber(links.get(i).createdAt() - time);
                for (int f = 0; f < 11; f++) g.writeNumber(r[f]);
                g.writeNumber(links.get(i).status());
                g.writeNumber(r[11]);
                g.writeNumber(r[12]);
                g.writeNumber(r[13]);
                g.writeEndArray();
            }
            g.writeEndArray();
        } catch (IOException ex) {
            throw new IllegalStateException("audit events could not be encoded", ex);
        }
        return out.toString();
    }

    /**
     * The block's events as stored (metadata that refers to a set of names is left so), without their
     * hashes; none when the block's events cannot be read (edited: verification reports it).
     */
    List<Stored> stored() {
        try (JsonParser p = StoredEvent.JSON.getFactory().createParser(events)) {
            expect(p, JsonToken.START_ARRAY);
            long time = number(p);
            expect(p, JsonToken.START_ARRAY);
            List<String> strings = new ArrayList<>();
            for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
                if (t == JsonToken.VALUE_NULL) strings.add(null);
                else if (t == JsonToken.VALUE_STRING) strings.add(p.getText());
                else return List.of();
            }
            List<Stored> out = new ArrayList<>();
            long seq = firstSeq;
            long[] f = new long[FIELDS];
            for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; seq++) {
                if (t != JsonToken.START_ARRAY) return List.of();
                for (int i = 0; i < FIELDS - 1; i++) f[i] = number(p);
                t = p.nextToken();
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    f[FIELDS - 1] = p.getLongValue();
                    expect(p, JsonToken.END_ARRAY);
                } else if (t == JsonToken.END_ARRAY) {
                    f[FIELDS - 1] = -1;
                } else {
                    return List.of();
                }
                long at = time + f[0];
                String id = f[1] == -1 ? idOf(seq, at) : string(strings, f[1]);
                StoredEvent e = new StoredEvent(
                        seq,
                        id,
                        at,
                        string(strings, f[2]),
                        string(strings, f[3]),
                        string(strings, f[4]),
                        string(strings, f[5]),
                        string(strings, f[6]),
                        string(strings, f[7]),
                        string(strings, f[8]),
                        string(strings, f[9]),
                        string(strings, f[10]),
                        string(strings, f[11]),
                        (int) f[12],
                        filled(string(strings, f[13]), string(strings, f[15])),
                        null,
                        null);
                out.add(new Stored(e, string(strings, f[14])));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }

    /**
     * {@code events} (this block's, their metadata as its hash covers it) with the hash before each and
     * its own, recomputed in order from the block's {@link #prevHash}.
     */
    List<StoredEvent> hashed(List<StoredEvent> events) {
        List<StoredEvent> out = new ArrayList<>(events.size());
        String prev = prevHash;
        for (StoredEvent e : events) {
            StoredEvent linked = e.withPrevHash(prev);
            linked = linked.withHash(ChainHash.of(format, linked));
            prev = linked.hash();
            out.add(linked);
        }
        return out;
    }

    /**
     * Metadata as stored ({@link NameSets}) split into its template, the request id's JSON value
     * replaced by {@code @}, and that value as JSON writes it (null, and the metadata whole, when it
     * has no request id). The metadata is canonical JSON with sorted keys, so the first
     * {@code "requestId":"} is the key (only {@code environment}'s value comes before it, and a quote
     * inside a value is escaped).
     */
    static String[] template(String stored) {
        int start = stored.indexOf(REQUEST_ID);
        if (start < 0) return new String[] {stored, null};
        start += REQUEST_ID.length();
        int end = start;
        while (end < stored.length() && stored.charAt(end) != '"') end += stored.charAt(end) == '\\' ? 2 : 1;
        if (end >= stored.length()) return new String[] {stored, null};
        return new String[] {stored.substring(0, start) + "@" + stored.substring(end), stored.substring(start, end)};
    }

    /** The metadata {@code template} made of, with {@code requestId} (null: the template is the metadata). */
    private static String filled(String template, String requestId) {
        if (template == null || requestId == null) return template;
        int at = template.indexOf(REQUEST_ID);
        if (at < 0 || !template.startsWith("@\"", at + REQUEST_ID.length()))
            throw new IllegalArgumentException("a request id without its place");
        int start = at + REQUEST_ID.length();
        return template.substring(0, start) + requestId + template.substring(start + 1);
    }

    private static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.nextToken() != token) throw new IllegalArgumentException("not a block of events");
    }

    private static long number(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) throw new IllegalArgumentException("not a block of events");
        return p.getLongValue();
    }

    private static String string(List<String> strings, long ref) {
        if (ref == -1) return null;
        if (ref < 0 || ref >= strings.size()) throw new IllegalArgumentException("a reference out of the block");
        return strings.get((int) ref);
    }
}
