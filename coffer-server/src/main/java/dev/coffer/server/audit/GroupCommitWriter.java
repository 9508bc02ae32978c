package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import dev.coffer.server.store.Dialect;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes audit events to the database with group commit: one writer thread takes every event that
 * is waiting (up to {@link #MAX_BATCH}) and appends them in one transaction, so concurrent requests
 * share one commit. While other requests are still being answered it waits up to 3 ms for their
 * events too (a lone request is written at once): each commit costs the same whatever it carries, so
 * under load fewer, fuller commits leave more of the machine to the reads themselves. {@link #record}
 * returns only once its event is committed, and throws when it was
 * not within {@code maxWait} (the pipeline then withholds the answer). Committed events are handed to
 * the streams (file, webhook) before the waiting requests are released.
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
    /** How long a commit waits at most for the events of requests still in flight. */
    static final long LINGER_NANOS = 3_000_000L;

    /** An event to append, or (event null) a request to write the reads summed so far. */
    private record Pending(AuditEvent event, String metadata, CompletableFuture<Void> done) {}

    /** How often the reads summed in memory are written to "who reads" (SQLite). */
    static final long TALLY_EVERY_NANOS = 1_000_000_000L;

    private final Database db;
    private final Duration maxWait;
    private final Consumer<List<StoredEvent>> committed;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(16_384);
    private final Thread writer;
    private final RequestsInFlight inFlight;
    private final long lingerNanos;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Whether the writer sleeps in {@link #gather} until the requests in flight have handed in. */
    private volatile boolean gathering;

    private volatile boolean closed;
    private final Runnable wake = this::wakeWhenAllHandedIn;
    /**
     * On SQLite (one process) the reads are summed in memory and written about once a second, in a
     * transaction of their own, instead of updating each read secret's row in every commit; the
     * chain's mark says up to which event the table is complete, and the next start adds what a
     * process that stopped abruptly had not written. On PostgreSQL several nodes append, so each
     * commit updates the table itself.
     */
    private final boolean deferTally;

    private final SecretReaderStore.Pending reads = new SecretReaderStore.Pending();
    private long readsWrittenAt = System.nanoTime();
    private long readsMarkedSeq;

    public GroupCommitWriter(Database db, Duration maxWait, Consumer<List<StoredEvent>> committed) {
        this(db, maxWait, committed, AuditScope.inFlight(), Duration.ofNanos(LINGER_NANOS));
    }

    /**
     * {@code inFlight}: how many requests may still record an event; {@code linger}: how long a commit
     * waits for them at most (see {@link #gather}).
     */
    GroupCommitWriter(
            Database db,
            Duration maxWait,
            Consumer<List<StoredEvent>> committed,
            RequestsInFlight inFlight,
            Duration linger) {
        this.db = db;
        this.inFlight = inFlight;
        this.lingerNanos = linger.toNanos();
        this.maxWait = maxWait;
        this.committed = committed;
        this.deferTally = db.dialect() == Dialect.SQLITE;
        int missed = db.write(AuditStore::tallyMissed);
        if (missed > 0) LOG.log(Level.INFO, () -> "added " + missed + " audit events to who reads which secret");
        this.writer = Thread.ofPlatform().name("coffer-audit-writer").daemon().start(this::run);
        inFlight.onEnd(wake);
    }

    @Override
    public void record(AuditEvent event) {
        if (closed) throw new AuditUnavailable("the audit writer is closed");
        // encoded here, on the request's own thread, so the writer's turn under the chain lock is short
        submit(new Pending(event, StoredEvent.metadataOf(event), new CompletableFuture<>()));
    }

    /**
     * Writes the reads summed in memory to "who reads" now (on SQLite they are otherwise written about
     * once a second), so a question asked right after a read sees it. Returns once they are written.
     */
    public void settleReads() {
        if (!deferTally || closed) return;
        submit(new Pending(null, null, new CompletableFuture<>()));
    }

    private void submit(Pending p) {
        waiting.incrementAndGet();
        try {
            if (!queue.offer(p, maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AuditUnavailable("the audit queue is full");
            }
            wakeWhenAllHandedIn();
            p.done().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailable("interrupted while recording an audit event");
        } catch (TimeoutException e) {
            throw new AuditUnavailable("the audit event was not committed within " + maxWait.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AuditUnavailable("the database refused the audit event");
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (readsDue()) writeReads();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                gather(batch);
                write(batch);
            } catch (InterruptedException e) {
                if (closed) break;
            } finally {
                batch.clear();
            }
        }
        if (deferTally) writeReads();
    }

    /**
     * Waits a little for the requests still being answered before committing, so that under load
     * one commit carries many events instead of each commit a few: while a request in flight has not
     * handed in its event yet, and for at most the linger time, more events join the batch. A
     * request alone in the server is committed at once. The writer sleeps until the last of them
     * hands its event in or ends without one ({@link #wakeWhenAllHandedIn}), not in short naps: a
     * wake-up per batch, not one per fraction of a millisecond.
     */
    private void gather(List<Pending> batch) {
        long deadline = System.nanoTime() + lingerNanos;
        gathering = true;
        try {
            while (!closed && batch.size() < MAX_BATCH && !allHandedIn()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                LockSupport.parkNanos(this, left);
                queue.drainTo(batch, MAX_BATCH - batch.size());
            }
        } finally {
            gathering = false;
        }
        queue.drainTo(batch, MAX_BATCH - batch.size());
    }

    private boolean allHandedIn() {
        return inFlight.count() <= waiting.get();
    }

    /** Wakes a gathering writer once no request in flight still owes it an event. */
    private void wakeWhenAllHandedIn() {
        if (gathering && allHandedIn()) LockSupport.unpark(writer);
    }

    private void write(List<Pending> batch) {
        List<Pending> appended = new ArrayList<>(batch.size());
        boolean settle = false;
        for (Pending p : batch) {
            if (p.event() == null) settle = true;
            else appended.add(p);
        }
        if (!appended.isEmpty()) append(appended);
        if (deferTally && (settle || readsDue())) writeReads();
        for (Pending p : batch) if (p.event() == null) p.done().complete(null);
    }

    private void append(List<Pending> appended) {
        List<AuditEvent> events = appended.stream().map(Pending::event).toList();
        List<String> metadata = appended.stream().map(Pending::metadata).toList();
        List<StoredEvent> rows;
        try {
            Function<Tx, List<StoredEvent>> work =
                    tx -> AuditStore.append(tx, events, metadata, Ids::timeOrderedId, !deferTally);
            rows = flushedAtOnce(events) ? db.write(work) : db.writeFlushedLater(work);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.ERROR,
                    () -> "could not write " + events.size()
                            + " audit events (the database refused the transaction); their requests were not answered");
            for (Pending p : appended) p.done().completeExceptionally(e);
            return;
        }
        if (deferTally)
            reads.add(rows, events.stream().map(AuditEvent::secretKeys).toList());
        try {
            committed.accept(rows); // before the requests go on, so a file holds an event once it is answered
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "an audit stream failed; the events are in the database");
        }
        for (Pending p : appended) p.done().complete(null);
    }

    /** Whether a commit of these events is flushed to the disk before it returns: when one records a change. */
    static boolean flushedAtOnce(List<AuditEvent> events) {
        for (AuditEvent e : events) if (!e.changedNothing()) return true;
        return false;
    }

    private boolean readsDue() {
        return deferTally
                && reads.lastSeq() > readsMarkedSeq
                && System.nanoTime() - readsWrittenAt >= TALLY_EVERY_NANOS;
    }

    /** Writes the reads summed so far to "who reads" and moves the mark; kept for later if refused. */
    private void writeReads() {
        readsWrittenAt = System.nanoTime();
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
        inFlight.remove(wake);
        LockSupport.unpark(writer);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(new AuditUnavailable("the audit writer is closed"));
        }
    }
}
