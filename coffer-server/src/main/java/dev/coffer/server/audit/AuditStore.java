package dev.coffer.server.audit;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The audit trail's SQL: appending links under the chain head's lock, as blocks ({@link EventBlock},
 * {@link EventBlockStore}), walking, pruning, and the tally's mark.
 */
public final class AuditStore {

    /** The chain's head and the anchor where pruning cut it. */
    public record Chain(long headSeq, String headHash, long anchorSeq, String anchorHash) {}

    private AuditStore() {}

    /** Where the chain's head is believed to be: the last link a writer appended. */
    record Head(long seq, String hash) {}

    /** Appends the events after the chain's head as it is in the database ({@link #append(Tx, List, List, Head, boolean, Set)}). */
    static List<StoredEvent> append(Tx tx, List<AuditEvent> events, List<String> metadata) {
        List<NameSets.Compact> compact =
                metadata.stream().map(NameSets::compact).toList();
        List<StoredEvent> links = append(tx, events, compact, null, false, Set.of(), null);
        return withFullMetadata(links, compact);
    }

    /** Links as {@link #append} returns them, each with its metadata whole (its names put back). */
    static List<StoredEvent> withFullMetadata(List<StoredEvent> links, List<NameSets.Compact> metadata) {
        List<StoredEvent> out = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++)
            out.add(links.get(i).withMetadata(metadata.get(i).full()));
        return out;
    }

    /**
     * Appends the events as the next links of the chain, in order, in the caller's transaction: a block
     * for each run of consecutive events of one organization. Each event's metadata comes already
     * encoded (by the requests, before they queued): only the links, their hashes and the blocks are
     * left to do here. The reads among them are added to "who reads"
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
     * knownSets} are added first (a set already there is left as it is). The links returned hold their
     * metadata as stored ({@link #withFullMetadata} puts the names back).
     */
    static List<StoredEvent> append(
            Tx tx,
            List<AuditEvent> events,
            List<NameSets.Compact> metadata,
            Head expected,
            boolean flushLater,
            Set<String> knownSets,
            String journalId) {
        NameSetStore.store(tx, metadata, knownSets);
        if (expected != null) {
            List<StoredEvent> links = link(events, metadata, expected);
            if (moveHeadAndInsert(tx, links, metadata, expected, flushLater, journalId)) return links;
        }
        Chain chain = chain(tx, true);
        Head head = new Head(chain.headSeq(), chain.headHash());
        List<StoredEvent> links = link(events, metadata, head);
        if (!moveHeadAndInsert(tx, links, metadata, head, flushLater, journalId)) {
            throw new IllegalStateException("the audit chain's head moved while it was locked");
        }
        return links;
    }

    private static List<StoredEvent> link(List<AuditEvent> events, List<NameSets.Compact> metadata, Head after) {
        long seq = after.seq();
        String prev = after.hash();
        List<StoredEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            AuditEvent e = events.get(i);
            StoredEvent row = StoredEvent.linkStored(e, metadata.get(i), ++seq, EventBlock.idOf(seq, e.time()), prev);
            prev = row.hash();
            out.add(row);
        }
        return out;
    }

    /**
     * Moves the head from {@code from} to the last link and inserts the links as blocks, a block for each
     * run of consecutive links of one organization; false (nothing written) when the head was elsewhere.
     */
    private static boolean moveHeadAndInsert(
            Tx tx,
            List<StoredEvent> links,
            List<NameSets.Compact> metadata,
            Head from,
            boolean flushLater,
            String journalId) {
        StoredEvent last = links.getLast();
        List<EventBlock> blocks = blocks(links, metadata);
        String moveHead =
                "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1 AND head_seq = ? AND head_hash = ?";
        if (!tx.dialect().joinsWritesInOneStatement()) {
            if (Jdbc.update(tx, moveHead, last.seq(), last.hash(), from.seq(), from.hash()) == 0) return false;
            EventBlockStore.insert(tx, blocks, journalId);
            return true;
        }
        StringBuilder sql = new StringBuilder("WITH moved AS (")
                .append(moveHead)
                .append(" RETURNING ")
                .append(flushLater ? tx.dialect().flushLaterExpression() : "id")
                .append(") INSERT INTO audit_blocks (")
                .append(EventBlockStore.INSERT_COLUMNS)
                .append(") SELECT * FROM (VALUES ");
        List<Object> args = new ArrayList<>(4 + 10 * blocks.size());
        args.addAll(List.of(last.seq(), last.hash(), from.seq(), from.hash()));
        for (int i = 0; i < blocks.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(EventBlockStore.INSERT_VALUES);
            args.addAll(Arrays.asList(EventBlockStore.insertColumns(blocks.get(i), journalId)));
        }
        sql.append(") AS v WHERE EXISTS (SELECT 1 FROM moved)");
        return Jdbc.update(tx, sql.toString(), args.toArray()) == blocks.size();
    }

    /** The links as blocks: one for each run of consecutive links of one organization. */
    static List<EventBlock> blocks(List<StoredEvent> links, List<NameSets.Compact> metadata) {
        List<EventBlock> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= links.size(); i++) {
            if (i < links.size()
                    && Objects.equals(links.get(i).orgId(), links.get(from).orgId())) continue;
            out.add(EventBlock.of(links.subList(from, i), metadata.subList(from, i)));
            from = i;
        }
        return out;
    }

    /** The number of the lock that tallies on PostgreSQL take turns under ({@link #tallyMissed}). */
    static final long TALLY_LOCK = 0x436f_6666_6572L;

    /** Records that "who reads" holds every read up to the event {@code seq}. */
    static void markTallied(Tx tx, long seq) {
        Jdbc.update(tx, "UPDATE audit_chain SET tallied_seq = ? WHERE id = 1 AND tallied_seq < ?", seq, seq);
    }

    /**
     * Adds to "who reads" the reads committed after the tally's mark by servers without a journal, such
     * as those a process that stopped abruptly had not written yet, and moves the mark past them.
     * Returns how many events were looked at. (A server with a journal keeps its own mark: {@link
     * #tallyJournal}.)
     */
    static int tallyMissed(Tx tx) {
        // nodes sharing PostgreSQL take turns, so they add the same events once; under a lock of the
        // tally's own, not the chain head's row, which every append takes (a tally reads a second's
        // events back, and appends on every node waited for it)
        String lock = tx.dialect().transactionLockSql();
        if (lock != null) Jdbc.one(tx, lock, rs -> Boolean.TRUE, TALLY_LOCK);
        long from = Jdbc.one(tx, "SELECT tallied_seq FROM audit_chain WHERE id = 1", rs -> rs.getLong(1))
                .orElse(0L);
        Tallied t = tallyAfter(tx, from, null);
        markTallied(tx, t.upTo());
        return t.seen();
    }

    /**
     * Adds to "who reads" the reads in the blocks the server journaling in {@code journalId} appended
     * after that journal's tally mark (it had summed them in memory and stopped before writing them),
     * and moves the mark. Returns how many events were looked at.
     */
    static int tallyJournal(Tx tx, String journalId) {
        long from = Jdbc.one(tx, "SELECT tallied_seq FROM audit_journals WHERE id = ?", rs -> rs.getLong(1), journalId)
                .orElse(Long.MAX_VALUE);
        Tallied t = tallyAfter(tx, from, journalId);
        markJournalTallied(tx, journalId, t.upTo());
        return t.seen();
    }

    /** How far a tally got and how many events it looked at. */
    private record Tallied(long upTo, int seen) {}

    /** Tallies the blocks after {@code from} appended by {@code journalId}'s server (null: by servers without a journal). */
    private static Tallied tallyAfter(Tx tx, long from, String journalId) {
        long upTo = from;
        int seen = 0;
        for (EventBlockStore.Named named;
                (named = EventBlockStore.namedAfter(tx, upTo, journalId, 100)).lastSeq() > upTo; ) {
            SecretReaderStore.tally(tx, named.rows(), named.names());
            upTo = named.lastSeq();
            seen += named.rows().size();
        }
        return new Tallied(upTo, seen);
    }

    /** Records that "who reads" holds every read up to the event {@code seq} that the journal {@code id}'s server appended. */
    static void markJournalTallied(Tx tx, String id, long seq) {
        Jdbc.update(tx, "UPDATE audit_journals SET tallied_seq = ? WHERE id = ? AND tallied_seq < ?", seq, id, seq);
    }

    /** A journal the database knows: how far into it the chain holds its events, and the ring's size. */
    record JournalRow(String id, long position, int capacity) {}

    /** The audit journals this database knows ({@link AuditJournal}), by id. */
    static Map<String, JournalRow> journals(Tx tx) {
        Map<String, JournalRow> out = new HashMap<>();
        for (JournalRow row : Jdbc.list(
                tx,
                "SELECT id, position, capacity FROM audit_journals",
                rs -> new JournalRow(rs.getString(1), rs.getLong(2), (int) rs.getLong(3)))) {
            out.put(row.id(), row);
        }
        return out;
    }

    /** The id of the journal a release before V20 kept in {@code audit.journal} (null: none). */
    static String legacyJournalId(Tx tx) {
        return Jdbc.one(tx, "SELECT journal_id FROM audit_chain WHERE id = 1", rs -> rs.getString(1))
                .orElse(null);
    }

    /** Records a new journal of {@code capacity} bytes, whose events the chain holds none of yet. */
    static void addJournal(Tx tx, String id, int capacity) {
        Jdbc.update(tx, "INSERT INTO audit_journals (id, position, capacity) VALUES (?, 0, ?)", id, (long) capacity);
    }

    /** Forgets a journal whose file is removed (its events are in the chain). */
    static void removeJournal(Tx tx, String id) {
        Jdbc.update(tx, "DELETE FROM audit_journals WHERE id = ?", id);
        Jdbc.update(tx, "UPDATE audit_chain SET journal_id = NULL WHERE id = 1 AND journal_id = ?", id);
    }

    /** Records that the chain holds the journal {@code id}'s events up to {@code position}. */
    static void markJournaled(Tx tx, String id, long position) {
        Jdbc.update(tx, "UPDATE audit_journals SET position = ? WHERE id = ? AND position < ?", position, id, position);
    }

    public static Chain chain(Tx tx, boolean lock) {
        return Jdbc.one(
                        tx,
                        "SELECT head_seq, head_hash, anchor_seq, anchor_hash FROM audit_chain WHERE id = 1"
                                + (lock ? tx.forUpdate() : ""),
                        rs -> new Chain(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .orElseThrow(() -> new IllegalStateException("the audit chain's head row is missing"));
    }

    /** The events of a search, newest first ({@link EventBlockStore#search}). */
    public static List<StoredEvent> search(Tx tx, AuditQuery q) {
        return EventBlockStore.search(tx, q);
    }

    /**
     * Removes the events created before {@code before}, a block at a time from the oldest in chain order
     * up to the first block that holds a later one (an event is never removed before its time, even
     * where clocks of several nodes put an older one after it), and records the last removed one as the
     * anchor, so the rest still verifies from its hash. Only the blocks removed and the first kept are
     * read, not the whole table. Returns how many events were removed.
     */
    static int pruneBefore(Tx tx, long before) {
        Chain chain = chain(tx, true);
        Optional<Long> firstKept = Jdbc.one(
                tx,
                "SELECT last_seq FROM audit_blocks WHERE last_at >= ? ORDER BY last_seq LIMIT 1",
                rs -> rs.getLong(1),
                before);
        Optional<Head> cut = Jdbc.one(
                tx,
                "SELECT last_seq, hash FROM audit_blocks WHERE last_seq < ? ORDER BY last_seq DESC LIMIT 1",
                rs -> new Head(rs.getLong(1), rs.getString(2)),
                firstKept.orElse(Long.MAX_VALUE));
        if (cut.isEmpty()) return 0;
        long seq = cut.get().seq();
        SecretReaderStore.pruneBefore(tx, before);
        Jdbc.update(tx, "DELETE FROM audit_blocks WHERE last_seq <= ?", seq);
        Jdbc.update(
                tx,
                "UPDATE audit_chain SET anchor_seq = ?, anchor_hash = ? WHERE id = 1",
                seq,
                cut.get().hash());
        return (int) Math.min(Integer.MAX_VALUE, seq - chain.anchorSeq());
    }
}
