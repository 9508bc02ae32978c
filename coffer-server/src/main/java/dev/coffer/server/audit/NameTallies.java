package dev.coffer.server.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reads of the secrets of one folder by one reader on one day, by secret name, as {@code
 * audit_folder_readers.names} keeps them: a JSON object {@code {"NAME": [reads, lastReadAt], ...}}, its
 * names in order. Holds names and counts only, never a value.
 */
final class NameTallies {

    private static final JsonFactory JSON = new JsonFactory();

    /** One name's reads and its last read time (epoch milliseconds). */
    record Count(long reads, long lastReadAt) {
        Count plus(long moreReads, long readAt) {
            return new Count(reads + moreReads, Math.max(lastReadAt, readAt));
        }
    }

    private final TreeMap<String, Count> counts;

    private NameTallies(TreeMap<String, Count> counts) {
        this.counts = counts;
    }

    static NameTallies empty() {
        return new NameTallies(new TreeMap<>());
    }

    /** Reads the column's JSON; a value that is not such an object is refused. */
    static NameTallies parse(String json) {
        TreeMap<String, Count> counts = new TreeMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw malformed();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT)
                    throw malformed();
                long reads = p.getLongValue();
                if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) throw malformed();
                long last = p.getLongValue();
                if (p.nextToken() != JsonToken.END_ARRAY) throw malformed();
                counts.put(name, new Count(reads, last));
            }
            if (p.currentToken() != JsonToken.END_OBJECT) throw malformed();
        } catch (IOException e) {
            throw malformed();
        }
        return new NameTallies(counts);
    }

    private static IllegalStateException malformed() {
        return new IllegalStateException("a row of audit_folder_readers holds names that are not a JSON object"
                + " of [reads, lastReadAt] pairs");
    }

    /** Adds {@code reads} reads of {@code name}, the last at {@code readAt}. */
    void add(String name, long reads, long readAt) {
        counts.merge(name, new Count(reads, readAt), (a, b) -> a.plus(b.reads(), b.lastReadAt()));
    }

    /** Adds every name's reads of {@code other}. */
    void addAll(NameTallies other) {
        for (Map.Entry<String, Count> e : other.counts.entrySet())
            add(e.getKey(), e.getValue().reads(), e.getValue().lastReadAt());
    }

    /** The reads of {@code name}, or null when it was not read. */
    Count of(String name) {
        return counts.get(name);
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    /** The column's JSON. */
    String json() {
        StringWriter out = new StringWriter(counts.size() * 32 + 2);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Count> e : counts.entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeStartArray();
                g.writeNumber(e.getValue().reads());
                g.writeNumber(e.getValue().lastReadAt());
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "NameTallies[" + counts.size() + " names]";
    }
}
