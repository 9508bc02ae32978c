package dev.coffer.server.audit;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The SQL of the audit trail's blocks of events ({@link EventBlock}): adding, reading in order, searching. */
final class EventBlockStore {

    private EventBlockStore() {}

    static final String COLUMNS =
            "last_seq, first_seq, org_id, first_at, last_at, prev_hash, hash, events, hash_format";
    static final String VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Sets of names holding a searched name beyond which a search does not narrow blocks by them in SQL. */
    static final int MAX_SETS_NARROWING = 32;

    /** Blocks a search reads at a time before it has found a page. */
    static final int SCAN_CHUNK = 64;

    static Object[] columns(EventBlock b) {
        return new Object[] {
            b.lastSeq(),
            b.firstSeq(),
            b.orgId(),
            b.firstAt(),
            b.lastAt(),
            b.prevHash(),
            b.hash(),
            b.events(),
            b.format()
        };
    }

    /** The columns a block is inserted with: its own, and the journal of the server that appended it. */
    static final String INSERT_COLUMNS = COLUMNS + ", journal_id";

    static final String INSERT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A block's {@link #INSERT_COLUMNS}: appended by the server whose journal is {@code journalId} (or null). */
    static Object[] insertColumns(EventBlock b, String journalId) {
        Object[] own = columns(b);
        Object[] all = Arrays.copyOf(own, own.length + 1);
        all[own.length] = journalId;
        return all;
    }

    static void insert(Tx tx, List<EventBlock> blocks, String journalId) {
        List<Object[]> rows = new ArrayList<>(blocks.size());
        for (EventBlock b : blocks) rows.add(insertColumns(b, journalId));
        String sql = "INSERT INTO audit_blocks (" + INSERT_COLUMNS + ") VALUES " + INSERT_VALUES;
        if (rows.size() == 1) Jdbc.update(tx, sql, rows.getFirst());
        else Jdbc.batch(tx, sql, rows);
    }

    /** Up to {@code limit} blocks that hold events after {@code afterSeq}, in chain order. */
    static List<EventBlock> blocksAfter(Tx tx, long afterSeq, int limit) {
        return Jdbc.list(
                tx,
                "SELECT " + COLUMNS + " FROM audit_blocks WHERE last_seq > ? ORDER BY last_seq LIMIT ?",
                EventBlockStore::block,
                afterSeq,
                limit);
    }

    /**
     * Up to {@code limit} blocks after {@code afterSeq} appended by the server whose journal is {@code
     * journalId}, or (null) by servers without one, in chain order.
     */
    static List<EventBlock> blocksAfter(Tx tx, long afterSeq, String journalId, int limit) {
        return Jdbc.list(
                tx,
                "SELECT " + COLUMNS + " FROM audit_blocks WHERE "
                        + (journalId == null ? "journal_id IS NULL" : "journal_id = ?")
                        + " AND last_seq > ? ORDER BY last_seq LIMIT ?",
                EventBlockStore::block,
                journalId == null ? new Object[] {afterSeq, limit} : new Object[] {journalId, afterSeq, limit});
    }

    /** The events of blocks as stored, block by block, and the sets of names they refer to (by id). */
    record Read(List<List<EventBlock.Stored>> events, Map<String, String> sets) {

        /** The events of the {@code i}th block with the metadata their hashes cover: each set of names put back. */
        List<StoredEvent> expanded(int i) {
            List<EventBlock.Stored> stored = events.get(i);
            List<StoredEvent> out = new ArrayList<>(stored.size());
            for (EventBlock.Stored s : stored) {
                // a set deleted leaves the reference in place: the event then fails its hash where it is
                out.add(
                        s.namesId() == null
                                ? s.event()
                                : s.event()
                                        .withMetadata(NameSets.expand(s.event().metadata(), sets.get(s.namesId()))));
            }
            return out;
        }
    }

    /** Reads the events of {@code blocks}, loading the sets of names they refer to, as stored now, at once. */
    static Read read(Tx tx, List<EventBlock> blocks) {
        List<List<EventBlock.Stored>> events = new ArrayList<>(blocks.size());
        Set<String> ids = new HashSet<>();
        for (EventBlock b : blocks) {
            List<EventBlock.Stored> stored = b.stored();
            events.add(stored);
            for (EventBlock.Stored s : stored) if (s.namesId() != null) ids.add(s.namesId());
        }
        return new Read(events, NameSetStore.load(tx, ids));
    }

    /** Events as stored (a reference to a set of names left in place) and the names each touched. */
    record Named(List<StoredEvent> rows, List<List<String>> names, long lastSeq) {}

    /**
     * The events of up to {@code limit} blocks after {@code afterSeq} with the names each touched, for
     * the tally (the blocks appended by the server whose journal is {@code journalId}, or by servers
     * without one): each set of names is parsed once, not once in every event that refers to it. A set
     * that is missing names nothing, as its expanded reference would; verification reports it.
     */
    static Named namedAfter(Tx tx, long afterSeq, String journalId, int limit) {
        List<EventBlock> blocks = blocksAfter(tx, afterSeq, journalId, limit);
        Read read = read(tx, blocks);
        Map<String, List<String>> parsed = new HashMap<>();
        List<StoredEvent> rows = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        for (List<EventBlock.Stored> events : read.events()) {
            for (EventBlock.Stored s : events) {
                if (s.event().seq() <= afterSeq) continue;
                rows.add(s.event());
                names.add(
                        s.namesId() == null
                                ? s.event().secretKeys()
                                : parsed.computeIfAbsent(
                                        s.namesId(),
                                        id -> StoredEvent.namesOf(read.sets().get(id))));
            }
        }
        return new Named(
                rows, names, blocks.isEmpty() ? afterSeq : blocks.getLast().lastSeq());
    }

    /**
     * The events of a search, newest first. The organization's blocks are read newest first through
     * its index (org_id, last_seq), narrowed in SQL to those whose time span meets the dates and whose
     * text holds every value filtered on as JSON writes it; their events are then filtered exactly,
     * in chunks, until the page is full.
     */
    static List<StoredEvent> search(Tx tx, AuditQuery q) {
        List<Object> args = new ArrayList<>();
        String sql = searchSql(tx, q, args);
        List<StoredEvent> page = new ArrayList<>(Math.min(q.limit(), 1000));
        int skip = q.offset();
        long before = Long.MAX_VALUE;
        while (page.size() < q.limit()) {
            args.add(before);
            List<EventBlock> chunk = Jdbc.list(tx, sql, EventBlockStore::block, args.toArray());
            args.removeLast();
            Read read = read(tx, chunk);
            for (int i = 0; i < chunk.size() && page.size() < q.limit(); i++) {
                List<StoredEvent> events = read.expanded(i);
                List<StoredEvent> hashed = null;
                for (int j = events.size() - 1; j >= 0 && page.size() < q.limit(); j--) {
                    if (!matches(events.get(j), q)) continue;
                    if (skip > 0) {
                        skip--;
                        continue;
                    }
                    if (hashed == null) hashed = chunk.get(i).hashed(events);
                    page.add(hashed.get(j));
                }
            }
            if (chunk.size() < SCAN_CHUNK) break;
            before = chunk.getLast().lastSeq();
        }
        return page;
    }

    /** The search's statement; its arguments but the last ({@code last_seq} below) added to {@code args}. */
    static String searchSql(Tx tx, AuditQuery q, List<Object> args) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_blocks WHERE org_id = ?");
        args.add(q.orgId());
        for (String value :
                new String[] {q.projectId(), q.environment(), q.actorType(), q.actorId(), q.secretPath(), q.eventType()
                }) {
            if (value == null) continue;
            sql.append(" AND ").append(tx.dialect().containsText("events"));
            args.add(StoredEvent.jsonString(value));
        }
        if (q.secretKey() != null) {
            // the name in the block's own text (inside an event's metadata, itself a string of the
            // block's JSON), or the id of a set of names that holds it; the sets that hold it are
            // looked up once, and past a few dozen the blocks are not narrowed by them
            String name = StoredEvent.jsonString(q.secretKey());
            String nested = StoredEvent.jsonString(name);
            List<String> sets = Jdbc.list(
                    tx,
                    "SELECT id FROM audit_name_sets WHERE " + tx.dialect().containsText("names") + " LIMIT "
                            + (MAX_SETS_NARROWING + 1),
                    rs -> rs.getString(1),
                    name);
            if (sets.size() <= MAX_SETS_NARROWING) {
                sql.append(" AND (").append(tx.dialect().containsText("events"));
                args.add(nested.substring(1, nested.length() - 1));
                for (String id : sets) {
                    sql.append(" OR ").append(tx.dialect().containsText("events"));
                    args.add(StoredEvent.jsonString(id));
                }
                sql.append(")");
            }
        }
        if (q.startDate() != null) {
            sql.append(" AND last_at >= ?");
            args.add(q.startDate());
        }
        if (q.endDate() != null) {
            sql.append(" AND first_at < ?");
            args.add(q.endDate());
        }
        return sql.append(" AND last_seq < ? ORDER BY last_seq DESC LIMIT " + SCAN_CHUNK)
                .toString();
    }

    private static boolean matches(StoredEvent e, AuditQuery q) {
        return Objects.equals(e.orgId(), q.orgId())
                && (q.projectId() == null || q.projectId().equals(e.projectId()))
                && (q.environment() == null || q.environment().equals(e.environment()))
                && (q.actorType() == null || q.actorType().equals(e.actorType()))
                && (q.actorId() == null || q.actorId().equals(e.actorId()))
                && (q.secretPath() == null || q.secretPath().equals(e.secretPath()))
                && (q.eventType() == null || q.eventType().equals(e.eventType()))
                && (q.startDate() == null || e.createdAt() >= q.startDate())
                && (q.endDate() == null || e.createdAt() < q.endDate())
                && (q.secretKey() == null || e.secretKeys().contains(q.secretKey()));
    }

    /** A block from a row of {@link #COLUMNS}. */
    static EventBlock block(ResultSet rs) throws SQLException {
        return new EventBlock(
                rs.getLong(2),
                rs.getLong(1),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getInt(9));
    }
}
