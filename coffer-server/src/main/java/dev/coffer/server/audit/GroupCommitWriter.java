package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import dev.coffer.server.store.Dialect;
import dev.coffer.server.store.Tx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

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
 * <p>Durability: every event is in the database's log before its request is answered, so it survives
 * Coffer being killed at any moment. A commit that holds an event of a change (anything but GET and
 * HEAD) is flushed to the disk before it returns; a commit of reads only is flushed by the next
 * flushed commit, at the latest about a second later (on SQLite the tally of who reads, written with a
 * flush, follows every commit within {@link #TALLY_EVERY_NANOS}; on PostgreSQL its WAL writer flushes
 * within a fraction of a second). A flush costs about as much as the rest of a commit, and reads are
 * most of the traffic; only a power cut in that second could take the newest reads' events with it.
 */
public final class GroupCommitWriter implements AuditSink, AutoCloseable {

    private static final Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    static final int MAX_BATCH = 512;
    /** Events waiting at most; beyond it a request is refused at once (the database is far behind). */
    static final int MAX_WAITING = 16_384;
    /** An event to append and the request waiting for it. */
    private static final class Pending {
        final AuditEvent event;
        final NameSets.Compact metadata;
        final Thread waiter = Thread.currentThread();
        /** When its request gives up waiting ({@link System#nanoTime}), unless a commit is writing it. */
        final long deadline;
        /** 0 while waiting, then {@link #WRITTEN} or {@link #REFUSED}. */
        volatile int state;

        Pending(AuditEvent event, NameSets.Compact metadata, long deadline) {
            this.event = event;
            this.metadata = metadata;
            this.deadline = deadline;
        }
    }

    private static final int WRITTEN = 1;
    private static final int REFUSED = 2;

    /** How often the reads summed in memory are written to "who reads" (SQLite). */
    static final long TALLY_EVERY_NANOS = 1_000_000_000L;

    /** How often the timer looks for overdue requests and due reads: a request gives up at most this late. */
    static final long TICK_NANOS = 100_000_000L;

    private final Database db;
    private final Duration maxWait;
    private final Consumer<List<StoredEvent>> committed;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /**
     * Held by the request leading a commit, and on SQLite by whoever writes the tally; all state below
     * is under it, but the tally's on PostgreSQL ({@link #tallyLock}).
     */
    private final ReentrantLock lead = new ReentrantLock();
    /** PostgreSQL: held by whoever writes the tally. */
    private final ReentrantLock tally = new ReentrantLock();

    private final Thread ticker;

    private volatile boolean closed;
    /**
     * "Who reads" is written about once a second, in a transaction of its own, instead of updating each
     * read secret's row in every commit (a recursive list of 1,000 secrets was 1,000 upserts). On
     * SQLite (one process) the reads are summed in memory as they are committed; the chain's mark says
     * up to which event the table is complete, and the next start adds what a process that stopped
     * abruptly had not written. On PostgreSQL several nodes append, and one's sums in memory would be
     * lost with it: there the events after the mark are read back from the table and added, under an
     * advisory lock of the tally's own (so two nodes never add the same events, and appends do not wait
     * for it), by whichever node comes first.
     */
    private final boolean sumInMemory;

    /** The chain's head as this writer's last append left it (null: read it from the database). */
    private AuditStore.Head head;

    /** Sets of names this writer knows are stored ({@link NameSets}), the most recently used few thousand. */
    private final Set<String> knownSets = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 4096;
        }
    });

    private final SecretReaderStore.Pending reads = new SecretReaderStore.Pending();
    private long readsWrittenAt = System.nanoTime();
    private long readsMarkedSeq;
    /** The last event this node appended (PostgreSQL: whether it has reads to add; read by the tally). */
    private volatile long appendedSeq;

    public GroupCommitWriter(Database db, Duration maxWait, Consumer<List<StoredEvent>> committed) {
        this.db = db;
        this.maxWait = maxWait;
        this.committed = committed;
        this.sumInMemory = db.dialect() == Dialect.SQLITE;
        int missed = db.write(AuditStore::tallyMissed);
        if (missed > 0) LOG.log(Level.INFO, () -> "added " + missed + " audit events to who reads which secret");
        this.ticker = Thread.ofPlatform().name("coffer-audit-tally").daemon().start(this::tick);
    }

    @Override
    public void record(AuditEvent event) {
        if (closed) throw new AuditUnavailable("the audit writer is closed");
        // encoded here, before the commit, so the leader's turn under the chain lock is short
        Pending p = new Pending(event, StoredEvent.compactMetadataOf(event), System.nanoTime() + maxWait.toNanos());
        if (queued.incrementAndGet() > MAX_WAITING) {
            queued.decrementAndGet();
            throw new AuditUnavailable("the audit queue is full");
        }
        queue.add(p);
        await(p);
        if (p.state == REFUSED) throw new AuditUnavailable("the database refused the audit event");
    }

    /**
     * Waits until {@code p} is committed or refused, leading a commit when none is under way. A waiting
     * request parks without a timeout (a timed park costs a timer's scheduling and cancelling for every
     * request, 4 % of lists): the leader releases it, and the writer's timer wakes it once it is overdue
     * ({@link #wakeOverdue}).
     */
    private void await(Pending p) {
        long deadline = p.deadline;
        boolean interrupted = false;
        while (p.state == 0) {
            if (lead.tryLock()) {
                try {
                    // the requests ready to run go first, up to their own events: one commit then
                    // carries them all (without this, under load most commits carried one event)
                    if (p.state == 0) Thread.yield();
                    if (p.state == 0) commitWaiting();
                } finally {
                    lead.unlock();
                }
                handOn();
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
    private void withdraw(Pending p, boolean interrupted, String why) {
        if (!queue.remove(p)) return;
        queued.decrementAndGet();
        handOn();
        if (interrupted) Thread.currentThread().interrupt();
        throw new AuditUnavailable(why);
    }

    /** How many events wait for a commit. */
    int waiting() {
        return queued.get();
    }

    /** Wakes the first waiting request, to lead the next commit (called after the lead is let go). */
    private void handOn() {
        Pending next = queue.peek();
        if (next != null) LockSupport.unpark(next.waiter);
    }

    /** Under the lead: commits the events waiting now, up to {@link #MAX_BATCH}, and releases their requests. */
    private void commitWaiting() {
        List<Pending> batch = new ArrayList<>(Math.min(queued.get(), MAX_BATCH));
        for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) batch.add(p);
        queued.addAndGet(-batch.size());
        if (!batch.isEmpty()) write(batch);
    }

    /**
     * Writes the reads summed in memory to "who reads" now (on SQLite they are otherwise written about
     * once a second), so a question asked right after a read sees it. Returns once they are written.
     */
    public void settleReads() {
        if (closed) return;
        writeReads(true);
    }

    /**
     * The lock the tally is written under: on SQLite the lead (the sums in memory are the commits'
     * state); on PostgreSQL one of its own, so commits go on while a tally reads a second's events
     * back (under the lead they waited for it, a tenth of every second under list load).
     */
    private Lock tallyLock() {
        return sumInMemory ? lead : tally;
    }

    /**
     * Writes the reads under the tally's lock, all of them or ({@code !always}, the timer) only once they
     * are due and when the lock is free: the timer does not wait behind a commit, it has overdue requests
     * to wake.
     */
    private void writeReads(boolean always) {
        Lock lock = tallyLock();
        if (always) lock.lock();
        else if (!lock.tryLock()) return;
        try {
            if (always || readsDue()) writeReads();
        } finally {
            lock.unlock();
        }
        handOn();
    }

    /** The writer's timer: wakes the requests overdue, and writes the reads summed so far once they are due. */
    private void tick() {
        while (!closed) {
            LockSupport.parkNanos(this, TICK_NANOS);
            if (closed) break;
            wakeOverdue();
            writeReads(false);
        }
    }

    /**
     * Wakes the waiting requests whose time is up, so they give up, and the first one waiting: it leads
     * the next commit if none is under way (normally the last leader has woken it already).
     */
    private void wakeOverdue() {
        long now = System.nanoTime();
        for (Pending p : queue) if (now - p.deadline >= 0) LockSupport.unpark(p.waiter);
        handOn();
    }

    private void write(List<Pending> batch) {
        // an organization's events next to each other: its run of the chain is one block (EventBlock)
        batch.sort(Comparator.comparing(p -> p.event.orgId(), Comparator.nullsFirst(Comparator.naturalOrder())));
        List<AuditEvent> events = new ArrayList<>(batch.size());
        List<NameSets.Compact> metadata = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            events.add(p.event);
            metadata.add(p.metadata);
        }
        List<StoredEvent> rows;
        boolean flushLater = !flushedAtOnce(events);
        try {
            AuditStore.Head expected = head;
            Function<Tx, List<StoredEvent>> work =
                    tx -> AuditStore.append(tx, events, metadata, expected, flushLater, knownSets);
            // where the append is one statement (PostgreSQL), that statement lets the commit return before the flush
            boolean inStatement = db.dialect().joinsWritesInOneStatement();
            rows = flushLater && !inStatement ? db.writeFlushedLater(work) : db.write(work);
            head = new AuditStore.Head(rows.getLast().seq(), rows.getLast().hash());
            for (NameSets.Compact m : metadata) if (m.namesId() != null) knownSets.add(m.namesId());
        } catch (RuntimeException e) {
            head = null; // read from the database next time
            LOG.log(
                    Level.ERROR,
                    () -> "could not write " + events.size()
                            + " audit events (the database refused the transaction); their requests were not answered");
            release(batch, REFUSED);
            return;
        }
        if (sumInMemory)
            reads.add(rows, events.stream().map(AuditEvent::secretKeys).toList());
        else if (!rows.isEmpty()) appendedSeq = rows.getLast().seq();
        try {
            // before the requests go on, so a file holds an event once it is answered
            if (committed != null) committed.accept(AuditStore.withFullMetadata(rows, metadata));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "an audit stream failed; the events are in the database");
        }
        release(batch, WRITTEN);
    }

    private static void release(List<Pending> batch, int state) {
        Thread self = Thread.currentThread();
        for (Pending p : batch) {
            p.state = state;
            if (p.waiter != self) LockSupport.unpark(p.waiter);
        }
    }

    /** Whether a commit of these events is flushed to the disk before it returns: when one records a change. */
    static boolean flushedAtOnce(List<AuditEvent> events) {
        for (AuditEvent e : events) if (!e.mayFlushLater()) return true;
        return false;
    }

    private boolean readsDue() {
        return (sumInMemory ? reads.lastSeq() : appendedSeq) > readsMarkedSeq
                && System.nanoTime() - readsWrittenAt >= TALLY_EVERY_NANOS;
    }

    /** Writes the reads summed so far to "who reads" and moves the mark; kept for later if refused. */
    private void writeReads() {
        readsWrittenAt = System.nanoTime();
        if (!sumInMemory) {
            long upTo = appendedSeq;
            try {
                db.write(AuditStore::tallyMissed); // other nodes' events too: a question asked here sees them
                readsMarkedSeq = upTo;
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        () -> "could not update who reads which secret (the database refused the transaction);"
                                + " tried again in a second, the events themselves are written");
            }
            return;
        }
        if (reads.lastSeq() <= readsMarkedSeq) return;
        try {
            db.write(tx -> {
                SecretReaderStore.upsert(tx, reads);
                AuditStore.markTallied(tx, reads.lastSeq());
                return null;
            });
            reads.clear();
            readsMarkedSeq = reads.lastSeq();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    () -> "could not update who reads which secret (the database refused the transaction);"
                            + " tried again in a second, the events themselves are written");
        }
    }

    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            LockSupport.unpark(ticker);
            try {
                ticker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lead.lock();
        try {
            while (!queue.isEmpty()) commitWaiting(); // what was handed in before is still written
        } finally {
            lead.unlock();
        }
        writeReads(true);
    }
}
