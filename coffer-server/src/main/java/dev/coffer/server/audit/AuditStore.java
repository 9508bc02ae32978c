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
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The audit trail's SQL: appending links under the chain head's lock, searching, walking, pruning. */
public final class AuditStore {

    /** The chain's head and the anchor where pruning cut it. */
    public record Chain(long headSeq, String headHash, long anchorSeq, String anchorHash) {}

    private AuditStore() {}

    /** Where the chain's head is believed to be: the last link a writer appended. */
    record Head(long seq, String hash) {}

    /** Appends the events after the chain's head as it is in the database ({@link #append(Tx, List, List, Supplier, Head, boolean, Set)}). */
    static List<StoredEvent> append(Tx tx, List<AuditEvent> events, List<String> metadata, Supplier<String> ids) {
        List<NameSets.Compact> compact =
                metadata.stream().map(NameSets::compact).toList();
        return append(tx, events, compact, ids, null, false, Set.of());
    }

    /**
     * Appends the events as the next links of the chain, in order, in the caller's transaction. Each
     * event's metadata comes already encoded (by the requests, before they queued): only the links,
     * their hashes and the inserts are left to do here. The reads among them are added to "who reads"
     * ({@link SecretReaderStore}) later, by the writer ({@link #markTallied}, {@link #tallyMissed}).
     *
     * <p>With {@code expected}, the head the writer's last append left, the links are made from it and
     * the head row is moved only where it still is: a conditional update, which on PostgreSQL waits for
     * another node's append to the same row and then finds it moved. The head row is then not read
     * first. Otherwise, or when another node appended meanwhile, the head row is read under its lock
     * ({@code FOR UPDATE} on PostgreSQL; SQLite has one writer) and the links are made again from it.
     * So appenders on several nodes take turns and the chain stays one line.
     *
     * <p>On PostgreSQL, where each statement is a round trip to the server, moving the head and
     * inserting the events are one statement, which also lets the commit return before its flush when
     * {@code flushLater} (a {@code SET LOCAL} was a round trip of its own); on SQLite the caller's
     * {@code writeFlushedLater} does that.
     *
     * <p>The events' long lists of names are stored once ({@link NameSets}): the sets not in {@code
     * knownSets} are added first (a set already there is left as it is).
     */
    static List<StoredEvent> append(
            Tx tx,
            List<AuditEvent> events,
            List<NameSets.Compact> metadata,
            Supplier<String> ids,
            Head expected,
            boolean flushLater,
            Set<String> knownSets) {
        NameSetStore.store(tx, metadata, knownSets);
        if (expected != null) {
            List<StoredEvent> links = link(events, metadata, ids, expected);
            if (moveHeadAndInsert(tx, links, metadata, expected, flushLater)) return links;
        }
        Chain chain = chain(tx, true);
        Head head = new Head(chain.headSeq(), chain.headHash());
        List<StoredEvent> links = link(events, metadata, ids, head);
        if (!moveHeadAndInsert(tx, links, metadata, head, flushLater)) {
            throw new IllegalStateException("the audit chain's head moved while it was locked");
        }
        return links;
    }

    private static List<StoredEvent> link(
            List<AuditEvent> events, List<NameSets.Compact> metadata, Supplier<String> ids, Head after) {
        long seq = after.seq();
        String prev = after.hash();
        List<StoredEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            StoredEvent row = StoredEvent.link(events.get(i), metadata.get(i).full(), ++seq, ids.get(), prev);
            prev = row.hash();
            out.add(row);
        }
        return out;
    }

    private static final String EVENT_COLUMNS = "seq, id, created_at, event_type, actor_type, actor_id, actor_name,"
            + " org_id, project_id, environment, secret_path, ip, user_agent, status, metadata, prev_hash, hash,"
            + " names_id";
    private static final String EVENT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Moves the head from {@code from} to the last link and inserts the links, each with its metadata as
     * stored; false (nothing written) when the head was elsewhere.
     */
    private static boolean moveHeadAndInsert(
            Tx tx, List<StoredEvent> links, List<NameSets.Compact> metadata, Head from, boolean flushLater) {
        StoredEvent last = links.getLast();
        String moveHead =
                "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1 AND head_seq = ? AND head_hash = ?";
        if (!tx.dialect().joinsWritesInOneStatement()) {
            if (Jdbc.update(tx, moveHead, last.seq(), last.hash(), from.seq(), from.hash()) == 0) return false;
            Jdbc.batch(
                    tx,
                    "INSERT INTO audit_events (" + EVENT_COLUMNS + ") VALUES " + EVENT_VALUES,
                    columns(links, metadata));
            return true;
        }
        StringBuilder sql = new StringBuilder("WITH moved AS (")
                .append(moveHead)
                .append(" RETURNING ")
                .append(flushLater ? tx.dialect().flushLaterExpression() : "id")
                .append(") INSERT INTO audit_events (")
                .append(EVENT_COLUMNS)
                .append(") SELECT * FROM (VALUES ");
        List<Object> args = new ArrayList<>(4 + 18 * links.size());
        args.addAll(List.of(last.seq(), last.hash(), from.seq(), from.hash()));
        List<Object[]> rows = columns(links, metadata);
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(EVENT_VALUES);
            args.addAll(Arrays.asList(rows.get(i)));
        }
        sql.append(") AS v WHERE EXISTS (SELECT 1 FROM moved)");
        return Jdbc.update(tx, sql.toString(), args.toArray()) == links.size();
    }

    /** The number of the lock that tallies on PostgreSQL take turns under ({@link #tallyMissed}). */
    static final long TALLY_LOCK = 0x436f_6666_6572L;

    /** Records that "who reads" holds every read up to the event {@code seq}. */
    static void markTallied(Tx tx, long seq) {
        Jdbc.update(tx, "UPDATE audit_chain SET tallied_seq = ? WHERE id = 1 AND tallied_seq < ?", seq, seq);
    }

    /**
     * Adds to "who reads" the reads committed after the tally's mark, such as those a process that
     * stopped abruptly had not written yet, and moves the mark to the chain's head. Returns how many
     * events were looked at.
     */
    static int tallyMissed(Tx tx) {
        // nodes sharing PostgreSQL take turns, so they add the same events once; under a lock of the
        // tally's own, not the chain head's row, which every append takes (a tally reads a second's
        // events back, and appends on every node waited for it)
        String lock = tx.dialect().transactionLockSql();
        if (lock != null) Jdbc.one(tx, lock, rs -> Boolean.TRUE, TALLY_LOCK);
        long from = Jdbc.one(tx, "SELECT tallied_seq FROM audit_chain WHERE id = 1", rs -> rs.getLong(1))
                .orElse(0L);
        int seen = 0;
        for (Named named; !(named = namedAfter(tx, from, 1000)).rows().isEmpty(); ) {
            SecretReaderStore.tally(tx, named.rows(), named.names());
            from = named.rows().getLast().seq();
            seen += named.rows().size();
        }
        markTallied(tx, from);
        return seen;
    }

    /** The columns of each link's row: its metadata as stored, and the set of names it refers to. */
    private static List<Object[]> columns(List<StoredEvent> links, List<NameSets.Compact> metadata) {
        List<Object[]> rows = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) rows.add(columns(links.get(i), metadata.get(i)));
        return rows;
    }

    private static Object[] columns(StoredEvent r, NameSets.Compact stored) {
        return new Object[] {
            r.seq(),
            r.id(),
            r.createdAt(),
            r.eventType(),
            r.actorType(),
            r.actorId(),
            r.actorName(),
            r.orgId(),
            r.projectId(),
            r.environment(),
            r.secretPath(),
            r.ip(),
            r.userAgent(),
            r.status(),
            stored.stored(),
            r.prevHash(),
            r.hash(),
            stored.namesId()
        };
    }

    public static Chain chain(Tx tx, boolean lock) {
        return Jdbc.one(
                        tx,
                        "SELECT head_seq, head_hash, anchor_seq, anchor_hash FROM audit_chain WHERE id = 1"
                                + (lock ? tx.forUpdate() : ""),
                        rs -> new Chain(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .orElseThrow(() -> new IllegalStateException("the audit chain's head row is missing"));
    }

    /** Up to {@code limit} rows after {@code afterSeq}, in chain order. */
    public static List<StoredEvent> after(Tx tx, long afterSeq, int limit) {
        return rows(tx, AFTER, afterSeq, limit);
    }

    private static final String AFTER = "SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?";

    /** Rows a search by secret name reads at a time before it has found a page. */
    static final int SCAN_CHUNK = 500;

    /**
     * The events of a search, newest first. A search by secret name first narrows the rows to those
     * whose metadata contains the name as JSON writes it, then keeps those that name it among their
     * secrets, reading in chunks until the page is full.
     */
    public static List<StoredEvent> search(Tx tx, AuditQuery q) {
        List<Object> args = new ArrayList<>();
        if (q.secretKey() == null) {
            String sql = pageSql(q, args);
            return rows(tx, sql, args.toArray());
        }
        StringBuilder sql = filtered(q, args);
        // the name in the event's own metadata, or in the set of names it refers to (NameSets)
        String name = StoredEvent.jsonString(q.secretKey());
        sql.append(" AND (")
                .append(tx.dialect().containsText("e.metadata"))
                .append(" OR e.names_id IN (SELECT id FROM audit_name_sets WHERE ")
                .append(tx.dialect().containsText("names"))
                .append("))");
        args.add(name);
        args.add(name);
        sql.append(" AND e.seq < ? ORDER BY e.seq DESC LIMIT ").append(SCAN_CHUNK);
        List<StoredEvent> page = new ArrayList<>(q.limit());
        int skip = q.offset();
        long before = Long.MAX_VALUE;
        while (page.size() < q.limit()) {
            args.add(before);
            List<StoredEvent> chunk = rows(tx, sql.toString(), args.toArray());
            args.removeLast();
            for (StoredEvent e : chunk) {
                if (!e.secretKeys().contains(q.secretKey())) continue;
                if (skip > 0) skip--;
                else if (page.size() < q.limit()) page.add(e);
            }
            if (chunk.size() < SCAN_CHUNK) break;
            before = chunk.getLast().seq();
        }
        return page;
    }

    /**
     * A page of a search without a secret name, newest first; its arguments are added to {@code args}.
     * The organization's index (org_id, seq) gives the rows in this order, so a page reads its own rows
     * and not every event of the organization.
     */
    static String pageSql(AuditQuery q, List<Object> args) {
        StringBuilder sql = filtered(q, args);
        sql.append(" ORDER BY e.seq DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return sql.toString();
    }

    /** The events of the query's organization that pass its filters but the name; arguments added to {@code args}. */
    private static StringBuilder filtered(AuditQuery q, List<Object> args) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_events e WHERE e.org_id = ?");
        args.add(q.orgId());
        eq(sql, args, "e.project_id", q.projectId());
        eq(sql, args, "e.environment", q.environment());
        eq(sql, args, "e.actor_type", q.actorType());
        eq(sql, args, "e.actor_id", q.actorId());
        eq(sql, args, "e.secret_path", q.secretPath());
        eq(sql, args, "e.event_type", q.eventType());
        if (q.startDate() != null) {
            sql.append(" AND e.created_at >= ?");
            args.add(q.startDate());
        }
        if (q.endDate() != null) {
            sql.append(" AND e.created_at < ?");
            args.add(q.endDate());
        }
        return sql;
    }

    private static void eq(StringBuilder sql, List<Object> args, String column, String value) {
        if (value == null) return;
        sql.append(" AND ").append(column).append(" = ?");
        args.add(value);
    }

    /**
     * Removes the events created before {@code before}, from the oldest in chain order up to the first
     * that is not (an event is never removed before its time, even where clocks of several nodes put
     * an older one after it), and records the last removed one as the anchor, so the rest still
     * verifies from its hash. Only the rows removed and the first kept are read, not the whole table.
     * Returns how many events were removed.
     */
    static int pruneBefore(Tx tx, long before) {
        chain(tx, true);
        Optional<Long> firstKept = Jdbc.one(
                tx,
                "SELECT seq FROM audit_events WHERE created_at >= ? ORDER BY seq LIMIT 1",
                rs -> rs.getLong(1),
                before);
        Optional<Head> cut = Jdbc.one(
                tx,
                "SELECT seq, hash FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT 1",
                rs -> new Head(rs.getLong(1), rs.getString(2)),
                firstKept.orElse(Long.MAX_VALUE));
        if (cut.isEmpty()) return 0;
        long seq = cut.get().seq();
        SecretReaderStore.pruneBefore(tx, before);
        int n = Jdbc.update(tx, "DELETE FROM audit_events WHERE seq <= ?", seq);
        Jdbc.update(
                tx,
                "UPDATE audit_chain SET anchor_seq = ?, anchor_hash = ? WHERE id = 1",
                seq,
                cut.get().hash());
        return n;
    }

    /** A row as stored, and the set of names its metadata refers to (null: none). */
    private record Stored(StoredEvent event, String namesId) {}

    /** The rows of a query, each with the metadata its hash covers: the names it refers to put back. */
    private static List<StoredEvent> rows(Tx tx, String sql, Object... args) {
        Read read = read(tx, sql, args);
        List<StoredEvent> out = new ArrayList<>(read.rows().size());
        for (Stored r : read.rows()) {
            StoredEvent e = r.event();
            // a set deleted leaves the reference in place: the row then fails its hash where it is
            out.add(
                    r.namesId() == null
                            ? e
                            : e.withMetadata(
                                    NameSets.expand(e.metadata(), read.sets().get(r.namesId()))));
        }
        return out;
    }

    /** Rows of a query as stored, and the sets of names they refer to as stored now (by id). */
    private record Read(List<Stored> rows, Map<String, String> sets) {}

    private static Read read(Tx tx, String sql, Object... args) {
        List<Stored> rows = Jdbc.list(tx, sql, AuditStore::stored, args);
        Set<String> ids = new HashSet<>();
        for (Stored r : rows) if (r.namesId() != null) ids.add(r.namesId());
        return new Read(rows, NameSetStore.load(tx, ids));
    }

    /** Events as stored (a reference to a set of names is left in place) and the names each touched. */
    private record Named(List<StoredEvent> rows, List<List<String>> names) {}

    /**
     * The events after {@code afterSeq} with the names each touched, for the tally: each set of names
     * is parsed once, not once in every event that refers to it (the tally read a second of lists back
     * and parsed each one's whole metadata, a sixth of a list's cost on PostgreSQL). A set that is
     * missing names nothing, as its expanded reference would; verification reports it.
     */
    private static Named namedAfter(Tx tx, long afterSeq, int limit) {
        Read read = read(tx, AFTER, afterSeq, limit);
        Map<String, List<String>> parsed = new HashMap<>();
        List<StoredEvent> rows = new ArrayList<>(read.rows().size());
        List<List<String>> names = new ArrayList<>(read.rows().size());
        for (Stored r : read.rows()) {
            rows.add(r.event());
            names.add(
                    r.namesId() == null
                            ? r.event().secretKeys()
                            : parsed.computeIfAbsent(
                                    r.namesId(),
                                    id -> StoredEvent.namesOf(read.sets().get(id))));
        }
        return new Named(rows, names);
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(row(rs), rs.getString("names_id"));
    }

    private static StoredEvent row(ResultSet rs) throws SQLException {
        return new StoredEvent(
                rs.getLong("seq"),
                rs.getString("id"),
                rs.getLong("created_at"),
                rs.getString("event_type"),
                rs.getString("actor_type"),
                rs.getString("actor_id"),
                rs.getString("actor_name"),
                rs.getString("org_id"),
                rs.getString("project_id"),
                rs.getString("environment"),
                rs.getString("secret_path"),
                rs.getString("ip"),
                rs.getString("user_agent"),
                rs.getInt("status"),
                rs.getString("metadata"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
