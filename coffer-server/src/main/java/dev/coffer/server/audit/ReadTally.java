package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import dev.coffer.server.store.Dialect;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * "Who reads which secret" ({@link SecretReaderStore}) as the audit writer keeps it: written about
 * once a second, in a transaction of its own, instead of updating each read secret's row in every
 * commit (a recursive list of 1,000 secrets was 1,000 upserts). The reads are summed in memory as they
 * are committed, and written with a mark that says up to which event the table holds what this writer
 * appended: its journal's ({@code audit_journals.tallied_seq}, the blocks it appended carry the
 * journal's id), or on SQLite without a journal the chain's. A server that starts (or takes a journal
 * over) adds what a process that stopped abruptly had summed and not written, from the blocks past the
 * mark. PostgreSQL nodes without a journal could not tell their blocks from another node's: there the
 * events after the chain's mark appended by servers without a journal are read back and added, under an
 * advisory lock of the tally's own (so two nodes never add the same events, and appends do not wait
 * for it), by whichever node comes first. (Reading a second's events back made the garbage collector
 * promote them: concurrent cycles, a quarter of the audited list's CPU.)
 */
final class ReadTally {

    private static final Logger LOG = System.getLogger(ReadTally.class.getName());

    /** How often the reads summed in memory are written to "who reads". */
    static final long EVERY_NANOS = 1_000_000_000L;

    private final Database db;
    private final boolean sumInMemory;
    /** The journal of the writer, whose mark the sums are written with; null: the chain's. */
    private final String journalId;
    /**
     * The lock the tally is written under: on SQLite the writer's lead (the sums in memory are the
     * commits' state); on PostgreSQL one of its own, so commits go on while a tally reads a second's
     * events back (under the lead they waited for it, a tenth of every second under list load).
     */
    private final Lock lock;

    private final SecretReaderStore.Pending reads = new SecretReaderStore.Pending();
    private long writtenAt = System.nanoTime();
    private long markedSeq;
    /** The last event this node appended (PostgreSQL: whether it has reads to add). */
    private volatile long appendedSeq;

    /** {@code lead}: the writer's lock its commits are made under; {@code journalId}: its journal (or null). */
    ReadTally(Database db, Lock lead, String journalId) {
        this.db = db;
        this.journalId = journalId;
        this.sumInMemory = journalId != null || db.dialect() == Dialect.SQLITE;
        this.lock = sumInMemory ? lead : new ReentrantLock();
        int missed = db.write(AuditStore::tallyMissed);
        if (missed > 0) LOG.log(Level.INFO, () -> "added " + missed + " audit events to who reads which secret");
    }

    /** Under the writer's lead: these rows were committed, their events read these names. */
    void committed(List<StoredEvent> rows, List<AuditEvent> events) {
        if (sumInMemory)
            reads.add(rows, events.stream().map(AuditEvent::secretKeys).toList());
        else if (!rows.isEmpty()) appendedSeq = rows.getLast().seq();
    }

    /**
     * Writes the reads under the tally's lock, all of them or ({@code !always}, the writer's timer) only
     * once they are due and when the lock is free: the timer does not wait behind a commit.
     */
    void write(boolean always) {
        if (always) lock.lock();
        else if (!lock.tryLock()) return;
        try {
            if (always || due()) writeNow();
        } finally {
            lock.unlock();
        }
    }

    private boolean due() {
        return (sumInMemory ? reads.lastSeq() : appendedSeq) > markedSeq
                && System.nanoTime() - writtenAt >= EVERY_NANOS;
    }

    /** Writes the reads summed so far to "who reads" and moves the mark; kept for later if refused. */
    private void writeNow() {
        writtenAt = System.nanoTime();
        if (!sumInMemory) {
            long upTo = appendedSeq;
            try {
                db.write(AuditStore::tallyMissed); // other nodes' events too: a question asked here sees them
                markedSeq = upTo;
            } catch (RuntimeException e) {
                refused();
            }
            return;
        }
        if (reads.lastSeq() <= markedSeq) return;
        try {
            db.write(tx -> {
                SecretReaderStore.upsert(tx, reads);
                if (journalId != null) AuditStore.markJournalTallied(tx, journalId, reads.lastSeq());
                else AuditStore.markTallied(tx, reads.lastSeq());
                return null;
            });
            reads.clear();
            markedSeq = reads.lastSeq();
        } catch (RuntimeException e) {
            refused();
        }
    }

    private static void refused() {
        LOG.log(
                Level.WARNING,
                () -> "could not update who reads which secret (the database refused the transaction);"
                        + " tried again in a second, the events themselves are written");
    }
}
