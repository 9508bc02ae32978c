package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import dev.coffer.server.store.Tx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link GroupCommitWriter}'s commit, under its lead: a batch of events appended to the chain in one
 * transaction (which also moves the journal's mark when the batch holds journaled events), then summed
 * for "who reads" and handed to the streams. It keeps the chain's head as its last append left it, so
 * the next append does not read it first, and the sets of names it knows are stored.
 */
final class ChainAppender {

    private static final Logger LOG = System.getLogger(ChainAppender.class.getName());

    private final Database db;
    private final ReadTally tally;
    private final Consumer<List<StoredEvent>> committed;
    /** The writer's journal, whose id the blocks it appends carry (null: none). */
    private final String journalId;

    /** The chain's head as the last append left it (null: read it from the database). */
    private AuditStore.Head head;

    /** Sets of names known to be stored ({@link NameSets}), the most recently used few thousand. */
    private final Set<String> knownSets = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 4096;
        }
    });

    ChainAppender(Database db, ReadTally tally, Consumer<List<StoredEvent>> committed, String journalId) {
        this.db = db;
        this.journalId = journalId;
        this.tally = tally;
        this.committed = committed;
    }

    /**
     * Appends the batch's events; false, with nothing written, when the database refused the
     * transaction. {@code journaledUpTo} (0: none) is recorded as the mark of the journal {@code
     * from} in it.
     */
    boolean append(List<QueuedEvent> batch, String from, long journaledUpTo) {
        // an organization's events next to each other: its run of the chain is one block (EventBlock);
        // the batch itself stays in the order it was queued in, for a retry
        List<QueuedEvent> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparing(q -> q.event.orgId(), Comparator.nullsFirst(Comparator.naturalOrder())));
        List<AuditEvent> events = new ArrayList<>(ordered.size());
        List<NameSets.Compact> metadata = new ArrayList<>(ordered.size());
        for (QueuedEvent q : ordered) {
            events.add(q.event);
            metadata.add(q.metadata);
        }
        List<StoredEvent> rows;
        boolean flushLater = !flushedAtOnce(events);
        try {
            AuditStore.Head expected = head;
            Function<Tx, List<StoredEvent>> work = tx -> {
                List<StoredEvent> links =
                        AuditStore.append(tx, events, metadata, expected, flushLater, knownSets, journalId);
                if (journaledUpTo > 0) AuditStore.markJournaled(tx, from, journaledUpTo);
                return links;
            };
            // where the append is one statement (PostgreSQL), that statement lets the commit return before the flush
            boolean inStatement = db.dialect().joinsWritesInOneStatement();
            rows = flushLater && !inStatement ? db.writeFlushedLater(work) : db.write(work);
            head = new AuditStore.Head(rows.getLast().seq(), rows.getLast().hash());
            for (NameSets.Compact m : metadata) if (m.namesId() != null) knownSets.add(m.namesId());
        } catch (RuntimeException e) {
            head = null; // read from the database next time
            return false;
        }
        tally.committed(rows, events);
        try {
            // before the requests go on, so a file holds an event once it is answered
            if (committed != null) committed.accept(AuditStore.withFullMetadata(rows, metadata));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "an audit stream failed; the events are in the database");
        }
        return true;
    }

    /** Whether a commit of these events is flushed to the disk before it returns: when one records a change. */
    static boolean flushedAtOnce(List<AuditEvent> events) {
        for (AuditEvent e : events) if (!e.mayFlushLater()) return true;
        return false;
    }
}
