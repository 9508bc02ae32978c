package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes audit events to the database with group commit, led by the requests themselves: a request
 * that hands in its event while no commit is being written leads the next commit. It first lets the
 * other requests that are ready to run have their turn ({@link Thread#yield}: on virtual threads,
 * every request queued before it runs until it hands its own event in or waits for its client), then
 * writes every event waiting (up to {@link #MAX_BATCH}) in one transaction; a request that arrives
 * while a commit is being written waits, and the first of the waiting requests then leads the next
 * commit. So batches grow with the load by themselves (without the yield, under load most commits
 * carried one or two events: each request found the previous commit done), a lone request is not kept
 * waiting (nothing else is ready to run), and no thread of the writer's own has to be woken and put
 * to sleep for every commit. {@link #record} returns only
 * once its event is committed, and throws when it was not within {@code maxWait} (the pipeline then
 * withholds the answer). Committed events are handed to the streams (file, webhook) before the
 * waiting requests are released.
 *
 * <p>With a journal ({@link AuditJournal}, on by default), the events of reads do not wait for a commit:
 * {@link #record} copies the event into the journal and queues it, and returns. The writer's ingester
 * commits what is queued every {@link #INGEST_EVERY_NANOS} (sooner when much is waiting), and so does
 * any commit a change leads, so the chain keeps the order the events were queued in. While the database
 * refuses those commits, the journaled events are kept and tried again, and new reads are refused
 * (fail closed); when the journal has no room, a read waits for the ingester up to {@code maxWait}.
 *
 * <p>Durability: every event is in the database's log, or in the journal, before its request is
 * answered, so it survives Coffer being killed at any moment (a server that starts again adds the
 * journal's events first). A commit that holds an event of a change (anything but GET and HEAD) is
 * flushed to the disk before it returns; the events of reads reach the disk with the next flushed commit
 * or the system's writing of the journal's pages, within seconds (on SQLite the tally of who reads,
 * written with a flush, follows every commit within {@link ReadTally#EVERY_NANOS}; on PostgreSQL its WAL
 * writer flushes within a fraction of a second). A flush costs about as much as the rest of a commit,
 * and reads are most of the traffic; only a power cut in those seconds could take the newest reads'
 * events with it. A journal's events are added by the next server to start in its data directory: a
 * PostgreSQL node whose data directory does not outlive it (a container without a volume) takes the
 * reads of its last milliseconds with it when it is killed, unless it journals nothing ({@code
 * COFFER_AUDIT_JOURNAL=off}).
 */
public final class GroupCommitWriter implements AuditSink, AutoCloseable {

    private static final Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    static final int MAX_BATCH = 512;
    /** Events waiting at most; beyond it a request is refused at once (the database is far behind). */
    static final int MAX_WAITING = 16_384;
    /** How often the ingester commits the journaled events; sooner once {@link #MAX_BATCH} wait. */
    static final long INGEST_EVERY_NANOS = 20_000_000L;
    /** How long the ingester waits before trying again a commit the database refused. */
    static final long RETRY_EVERY_NANOS = 1_000_000_000L;

    /** How often the timer looks for overdue requests and due reads: a request gives up at most this late. */
    static final long TICK_NANOS = 100_000_000L;

    private final Duration maxWait;
    private final ConcurrentLinkedQueue<QueuedEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Held by whoever leads a commit (and on SQLite writes the tally); all state below is under it. */
    private final ReentrantLock lead = new ReentrantLock();

    private final ReadTally tally;
    private final ChainAppender appender;
    private final Thread ticker;
    private volatile boolean closed;

    /** Where reads are journaled, or null (PostgreSQL, or journaling off); set in the constructor only. */
    private AuditJournal journal;
    /** Journaled events whose commit the database refused, in the journal's order: committed first. */
    private final ArrayDeque<QueuedEvent> retry = new ArrayDeque<>();
    /** Why new reads are refused while the database refuses the journaled ones, or null. */
    private volatile String refusal;

    private final Thread ingester;

    public GroupCommitWriter(Database db, Duration maxWait, Consumer<List<StoredEvent>> committed) {
        this(db, maxWait, committed, List.of());
    }

    /**
     * With {@code journals} ({@link Journals}), their events past the database's marks are added first;
     * the one marked {@code forReads} then journals reads (see above), the others are removed.
     */
    GroupCommitWriter(Database db, Duration maxWait, Consumer<List<StoredEvent>> committed, List<Journaled> journals) {
        this.maxWait = maxWait;
        for (Journaled j : journals) if (j.forReads()) this.journal = j.journal();
        String own = journal == null ? null : journal.id();
        this.tally = new ReadTally(db, lead, own);
        this.appender = new ChainAppender(db, tally, committed, own);
        for (Journaled j : journals) {
            // the reads its server had appended and summed, not yet written to "who reads", first
            String journalId = j.journal().id();
            db.write(tx -> AuditStore.tallyJournal(tx, journalId));
            replay(j.journal(), j.from());
            if (j.forReads()) continue;
            // what the journal held is in the database: the file and its mark go
            j.journal().close();
            j.journal().delete();
            db.write(tx -> {
                AuditStore.removeJournal(tx, journalId);
                return null;
            });
        }
        this.ticker = Thread.ofPlatform().name("coffer-audit-tally").daemon().start(this::tick);
        this.ingester = this.journal == null
                ? null
                : Thread.ofPlatform().name("coffer-audit-ingest").daemon().start(this::ingest);
    }

    /**
     * A journal opened on the database's mark: its events from {@code from} on are not in the database
     * yet; reads are journaled in it from now on when {@code forReads}, else it is emptied and removed.
     */
    record Journaled(AuditJournal journal, long from, boolean forReads) {}

    @Override
    public void record(AuditEvent event) {
        if (closed) throw new AuditUnavailable("the audit writer is closed");
        // encoded here, before the commit, so the leader's turn under the chain lock is short
        NameSets.Compact metadata = StoredEvent.compactMetadataOf(event);
        if (journal != null && event.mayFlushLater()) {
            journaled(event, metadata);
            return;
        }
        QueuedEvent p = new QueuedEvent(event, metadata, Thread.currentThread(), System.nanoTime() + maxWait.toNanos());
        if (queued.incrementAndGet() > MAX_WAITING) {
            queued.decrementAndGet();
            throw new AuditUnavailable("the audit queue is full");
        }
        queue.add(p);
        await(p);
        if (p.state == QueuedEvent.REFUSED) throw new AuditUnavailable("the database refused the audit event");
    }

    /** Copies the event into the journal and queues it, in the journal's order; waits only for room. */
    private void journaled(AuditEvent event, NameSets.Compact metadata) {
        String refused = refusal;
        if (refused != null) throw new AuditUnavailable(refused);
        QueuedEvent p = QueuedEvent.journaled(event, metadata);
        byte[] record = JournalCodec.encode(event);
        if (queued.incrementAndGet() > MAX_WAITING) {
            queued.decrementAndGet();
            throw new AuditUnavailable("the audit queue is full");
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!journal.append(record, end -> {
            p.journalEnd = end;
            queue.add(p);
        })) {
            LockSupport.unpark(ingester);
            if (System.nanoTime() - deadline > 0 || refusal != null) {
                queued.decrementAndGet();
                throw new AuditUnavailable("the audit journal is full: the database has not taken its events within "
                        + maxWait.toMillis() + " ms");
            }
            LockSupport.parkNanos(this, 1_000_000L);
        }
        if (queued.get() >= MAX_BATCH) LockSupport.unpark(ingester);
    }

    /**
     * Waits until {@code p} is committed or refused, leading a commit when none is under way. A waiting
     * request parks without a timeout (a timed park costs a timer's scheduling and cancelling for every
     * request, 4 % of lists): the leader releases it, and the writer's timer wakes it once it is overdue
     * ({@link #wakeOverdue}).
     */
    private void await(QueuedEvent p) {
        long deadline = p.deadline;
        boolean interrupted = false;
        while (p.state == 0) {
            if (lead.tryLock()) {
                boolean written = true;
                try {
                    // the requests ready to run go first, up to their own events: one commit then
                    // carries them all (without this, under load most commits carried one event)
                    if (p.state == 0) Thread.yield();
                    while (p.state == 0 && (written = commitWaiting())) {
                        // journaled events the database refused before go first; this one follows them
                    }
                } finally {
                    lead.unlock();
                }
                handOn();
                if (!written && p.state == 0)
                    withdraw(p, interrupted, "the database refused the audit events before it");
                continue;
            }
            if (deadline - System.nanoTime() <= 0) {
                withdraw(p, interrupted, "the audit event was not committed within " + maxWait.toMillis() + " ms");
                // a leader is writing it: its outcome is known shortly
                deadline = System.nanoTime() + Long.MAX_VALUE / 2;
            }
            // parks at once while a commit is being written: yielding instead (up to 64 times, so as not to
            // be woken through the scheduler) came to 21 yields a request under list load, each a full
            // unmount and mount of the virtual thread, and cost a sixth more CPU a list than parking
            if (p.state == 0 && lead.isLocked()) LockSupport.park(this);
            // the flag is cleared while waiting (a set one would end every park at once) and set again after
            if (Thread.interrupted()) {
                interrupted = true;
                withdraw(p, true, "interrupted while recording an audit event");
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Takes {@code p} back out of the queue and throws {@code why} when no commit has taken it yet (it
     * never will be); returns when a leader is writing it, whose outcome is then known shortly.
     */
    private void withdraw(QueuedEvent p, boolean interrupted, String why) {
        if (!queue.remove(p)) return;
        queued.decrementAndGet();
        handOn();
        if (interrupted) Thread.currentThread().interrupt();
        throw new AuditUnavailable(why);
    }

    /** How many events wait for a commit. */
    int waiting() {
        return queued.get() + retry.size();
    }

    /** Wakes the first waiting request, to lead the next commit (called after the lead is let go). */
    private void handOn() {
        QueuedEvent next = queue.peek();
        if (next != null && next.waiter != null) LockSupport.unpark(next.waiter);
    }

    /**
     * Under the lead: commits the events waiting now, up to {@link #MAX_BATCH}, those the database
     * refused before first, and releases their requests. False when the database refused the commit or
     * nothing was waiting.
     */
    private boolean commitWaiting() {
        List<QueuedEvent> batch = new ArrayList<>(Math.min(queued.get() + retry.size(), MAX_BATCH));
        while (batch.size() < MAX_BATCH && !retry.isEmpty()) batch.add(retry.poll());
        int taken = 0;
        for (QueuedEvent p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; taken++) batch.add(p);
        queued.addAndGet(-taken);
        return !batch.isEmpty() && write(batch, journal == null ? null : journal.id());
    }

    /**
     * Commits what was handed in before now (the journal's events), so a question asked of the database
     * next sees them; the reads summed in memory are written to "who reads" too when {@code reads}.
     */
    public void settle(boolean reads) {
        if (closed) return;
        if (journal != null) {
            long upTo = journal.appended();
            lead.lock();
            try {
                while (journal.ingestedUpTo() < upTo && commitWaiting()) {
                    // until the events journaled before this call are in
                }
            } finally {
                lead.unlock();
            }
            handOn();
        }
        if (reads) {
            tally.write(true);
            handOn();
        }
    }

    /** The writer's timer: wakes the requests overdue, and writes the reads summed so far once they are due. */
    private void tick() {
        while (!closed) {
            LockSupport.parkNanos(this, TICK_NANOS);
            if (closed) break;
            wakeOverdue();
            tally.write(false);
            handOn();
        }
    }

    /** The ingester: commits the journaled events every few milliseconds, and retries refused ones each second. */
    private void ingest() {
        long refusedAt = 0;
        while (!closed) {
            LockSupport.parkNanos(this, INGEST_EVERY_NANOS);
            if (closed || (queue.isEmpty() && retry.isEmpty())) continue;
            if (refusal != null && System.nanoTime() - refusedAt < RETRY_EVERY_NANOS) continue;
            lead.lock();
            try {
                while (commitWaiting() && queued.get() >= MAX_BATCH) {
                    // a full batch was written and another is waiting
                }
                if (refusal != null) refusedAt = System.nanoTime();
            } finally {
                lead.unlock();
            }
            handOn();
        }
    }

    /**
     * Wakes the waiting requests whose time is up, so they give up, and the first one waiting: it leads
     * the next commit if none is under way (normally the last leader has woken it already).
     */
    private void wakeOverdue() {
        long now = System.nanoTime();
        for (QueuedEvent p : queue) if (p.waiter != null && now - p.deadline >= 0) LockSupport.unpark(p.waiter);
        handOn();
    }

    /** Adds the journal's events from {@code from} on, which the database does not hold yet. */
    private void replay(AuditJournal journal, long from) {
        List<AuditJournal.Entry> entries = journal.readFrom(from);
        for (int i = 0; i < entries.size(); i += MAX_BATCH) {
            List<QueuedEvent> batch = new ArrayList<>();
            for (AuditJournal.Entry e : entries.subList(i, Math.min(entries.size(), i + MAX_BATCH))) {
                AuditEvent event = JournalCodec.decode(e.payload());
                QueuedEvent p = QueuedEvent.journaled(event, StoredEvent.compactMetadataOf(event));
                p.journalEnd = e.end();
                batch.add(p);
            }
            lead.lock();
            try {
                if (!write(batch, journal.id())) {
                    throw new AuditUnavailable("the database refused the " + entries.size()
                            + " audit events the journal holds (" + AuditJournal.fileName(journal.id()) + ")");
                }
            } finally {
                lead.unlock();
            }
        }
        if (!entries.isEmpty()) {
            LOG.log(
                    Level.INFO,
                    () -> "added " + entries.size() + " audit events from the journal to the database (the server"
                            + " had stopped before the database held them)");
        }
    }

    /**
     * Under the lead: commits the batch, whose journaled events are {@code journalId}'s, and releases its
     * requests; false when the database refused it.
     */
    private boolean write(List<QueuedEvent> batch, String journalId) {
        long journaledUpTo = 0;
        for (QueuedEvent q : batch) journaledUpTo = Math.max(journaledUpTo, q.journalEnd);
        if (!appender.append(batch, journalId, journaledUpTo)) {
            refused(batch);
            return false;
        }
        if (journal != null && journaledUpTo > 0 && journal.id().equals(journalId)) {
            journal.ingested(journaledUpTo);
            if (refusal != null) {
                refusal = null;
                LOG.log(Level.INFO, "the database takes audit events again; reads are answered again");
            }
        }
        QueuedEvent.release(batch, QueuedEvent.WRITTEN);
        return true;
    }

    /** The database refused the batch: its requests are refused, its journaled events kept to try again. */
    private void refused(List<QueuedEvent> batch) {
        List<QueuedEvent> waiting = new ArrayList<>();
        for (int i = batch.size() - 1; i >= 0; i--) {
            QueuedEvent p = batch.get(i);
            if (p.waiter == null) retry.addFirst(p);
            else waiting.add(p);
        }
        int kept = batch.size() - waiting.size();
        LOG.log(
                Level.ERROR,
                () -> "could not write " + batch.size() + " audit events (the database refused the transaction); "
                        + (waiting.isEmpty() ? "" : waiting.size() + " requests were not answered; ")
                        + (kept == 0 ? "" : kept + " events of reads stay in the journal and are tried again"));
        if (kept > 0 && refusal == null) {
            refusal = "the database refuses the audit trail's events; reads are refused until it takes them again";
        }
        QueuedEvent.release(waiting, QueuedEvent.REFUSED);
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : new Thread[] {ticker, ingester}) {
            if (t == null) continue;
            LockSupport.unpark(t);
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lead.lock();
        try {
            // what was handed in before is still written; what the database refuses stays in the journal
            while (commitWaiting()) {
                // the next batch
            }
        } finally {
            lead.unlock();
        }
        tally.write(true);
        if (journal != null) journal.close();
    }
}
