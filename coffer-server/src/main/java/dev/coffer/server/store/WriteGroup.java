package dev.coffer.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Small writes of concurrent requests committed together ({@link Database#writeGrouped}), led by the
 * requests themselves as the audit trail's group commit is: a request that hands in its work while no
 * group is being written leads the next one. It first lets the other requests ready to run hand theirs
 * in ({@link Thread#yield}), then runs every piece waiting (up to {@link #MAX_GROUP}) in one
 * transaction, each on a unit of work of its own over the one connection, and releases their requests;
 * a request that arrives meanwhile waits, and the first one waiting leads the next group. A commit (on
 * SQLite also its begin and its log pages) is then paid once per group instead of once per request.
 *
 * <p>A piece that is a {@link Joinable} write runs together with the others of its kind around it: a
 * group's logins as one statement per client secret (one after another on the leader's connection, a
 * round trip each, they had made the group the logins' limit on PostgreSQL).
 *
 * <p>A piece runs on the thread of the request that leads its group, so it must not use state bound to
 * its own request's thread (the audit scope): it only writes, through its {@link Tx}.
 *
 * <p>A piece must not fail in the common case: when one throws, the whole group is rolled back and
 * every piece of it is run again alone, in a write of its own ({@link Database#writeFlushedLater}),
 * whose result or failure goes to its request; a group that lost a race (a deadlock between two
 * nodes' groups) is run that way too.
 */
final class WriteGroup {

    static final int MAX_GROUP = 256;

    /** Writes a group in one transaction, or each piece alone. */
    interface Writer {
        void inOneTransaction(List<Piece<?>> group);

        <T> T alone(Function<Tx, T> work);
    }

    /** One request's work and its outcome. */
    static final class Piece<T> {
        final Function<Tx, T> work;
        /** Not null: the work is this write, which a group may run together with others of its kind. */
        final Joinable joinable;

        final Thread waiter = Thread.currentThread();
        T result;
        RuntimeException failure;
        /** Set after {@link #result} or {@link #failure}, which it publishes. */
        volatile boolean done;

        Piece(Function<Tx, T> work) {
            this.work = work;
            this.joinable = null;
        }

        /** A piece that is one joinable write; its result is the number of rows it touched. */
        @SuppressWarnings("unchecked")
        Piece(Joinable joinable) {
            this.work = tx -> (T) Integer.valueOf(joinable.runTogether(tx, List.of(joinable))[0]);
            this.joinable = joinable;
        }

        /** Whether {@code other} is a joinable write of this one's kind. */
        boolean joins(Piece<?> other) {
            return joinable != null && other.joinable != null && joinable.kind().equals(other.joinable.kind());
        }

        void run(Tx tx) {
            result = work.apply(tx);
        }

        /** A joinable piece's outcome, from the write it ran together with others. */
        @SuppressWarnings("unchecked")
        void counted(int rows) {
            result = (T) Integer.valueOf(rows);
        }

        /** Its work failed, or was committed but what was to follow the commit (its hooks) failed. */
        void failed(Throwable e) {
            failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private final ConcurrentLinkedQueue<Piece<?>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Writer writer;

    WriteGroup(Writer writer) {
        this.writer = writer;
    }

    /** Pieces handed in and not yet taken into a group (for tests). */
    int waiting() {
        return waiting.size();
    }

    <T> T write(Function<Tx, T> work) {
        return write(new Piece<>(work));
    }

    /** Runs one joinable write in a group; the number of rows it touched. */
    int write(Joinable joinable) {
        return this.<Integer>write(new Piece<>(joinable));
    }

    private <T> T write(Piece<T> mine) {
        waiting.add(mine);
        boolean interrupted = false;
        while (!mine.done) {
            if (leading.compareAndSet(false, true)) {
                try {
                    if (!mine.done) lead();
                } finally {
                    leading.set(false);
                    // a request that queued while this one led and found it leading is parked: wake the first
                    Piece<?> next = waiting.peek();
                    if (next != null) LockSupport.unpark(next.waiter);
                }
            } else {
                LockSupport.park(this);
                // a piece handed in is written whatever happens to its request: the flag is kept for after
                // (a set one would end every park at once)
                if (Thread.interrupted()) interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (mine.failure != null) throw mine.failure;
        return mine.result;
    }

    private void lead() {
        Thread.yield(); // the other requests ready to run hand their pieces in first
        List<Piece<?>> group = new ArrayList<>();
        for (Piece<?> p; group.size() < MAX_GROUP && (p = waiting.poll()) != null; ) group.add(p);
        try {
            writer.inOneTransaction(group);
        } catch (RuntimeException | Error e) {
            for (Piece<?> p : group) alone(p);
        }
        for (Piece<?> p : group) {
            p.done = true;
            if (p.waiter != Thread.currentThread()) LockSupport.unpark(p.waiter);
        }
    }

    private <T> void alone(Piece<T> p) {
        p.result = null;
        try {
            p.result = writer.alone(p.work);
        } catch (RuntimeException | Error e) {
            p.failed(e);
        }
    }
}
