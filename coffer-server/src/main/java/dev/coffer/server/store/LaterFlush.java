package dev.coffer.server.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Takes SQLite commits made without a flush of their own ({@link Database#writeFlushedLater}) to the
 * disk within about {@link #WITHIN_NANOS}, when no flushed commit has done so meanwhile: a daemon
 * checks a few times a second and runs a passive checkpoint, which flushes the write-ahead log before
 * copying it into the database file. Under steady writes a flushed commit usually comes first and
 * nothing is done. Its state changes with the writer held.
 */
final class LaterFlush implements AutoCloseable {

    private static final Logger LOG = System.getLogger(LaterFlush.class.getName());
    /** How long a commit may stay in the log without being flushed. */
    static final long WITHIN_NANOS = 1_000_000_000L;

    private final DataSource pool;
    private final ReentrantLock writer;
    private volatile Thread daemon;
    private volatile boolean closed;
    /** When the oldest commit not flushed yet was made (0: every commit is flushed). */
    private volatile long since;
    /** Moves on with every commit not flushed: a flush covers those made before it started. */
    private volatile long commits;

    LaterFlush(DataSource pool, ReentrantLock writer) {
        this.pool = pool;
        this.writer = writer;
    }

    /** After a commit (the writer held): {@code flushed} says whether it flushed the log, with all before it. */
    void committed(boolean flushed) {
        if (flushed) {
            since = 0;
            return;
        }
        commits++;
        if (since == 0) since = System.nanoTime();
        if (daemon == null && !closed) {
            daemon = Thread.ofPlatform().name("coffer-sqlite-flush").daemon().start(this::run);
        }
    }

    /** Whether a commit is waiting for a flush (for tests). */
    boolean pending() {
        return since != 0;
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, WITHIN_NANOS / 4);
            long first = since;
            if (first == 0 || System.nanoTime() - first < WITHIN_NANOS * 3 / 4) continue;
            long seen = commits;
            try (Connection c = pool.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(PASSIVE)");
                writer.lock();
                try {
                    if (commits == seen) since = 0; // else those made meanwhile wait for the next round
                } finally {
                    writer.unlock();
                }
            } catch (SQLException e) {
                LOG.log(Level.WARNING, () -> "could not flush the SQLite log (tried again shortly): " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread d = daemon;
        if (d != null) {
            LockSupport.unpark(d);
            try {
                d.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
