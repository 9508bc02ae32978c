package dev.coffer.server.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * SQLite's checkpoints, made by a daemon of their own instead of by the commits. A checkpoint flushes
 * the write-ahead log and copies it into the database file. SQLite makes one by itself inside the
 * commit that grows the log past 1,000 pages, while that commit still holds the writer: under a steady
 * stream of audit events that was every few hundred commits, each copying 4 MiB and flushing twice, and
 * every request waiting for a commit waited for it too. So the connections leave the log to this
 * daemon ({@code wal_autocheckpoint} is raised to {@link #SAFETY_PAGES}, which only a daemon far behind
 * would let the log reach), and it checkpoints passively, beside the writer, once {@link
 * #EVERY_COMMITS} commits have gone into the log; when the log has grown past {@link #RESTART_PAGES},
 * it copies the last few pages with the writer held, so the next commit starts the log again from its
 * beginning and the file stays short.
 *
 * <p>It also takes commits made without a flush of their own ({@link Database#writeFlushedLater}) to
 * the disk within about {@link #WITHIN_NANOS} when no flushed commit has done so meanwhile. Its state
 * changes with the writer held.
 */
final class Checkpointer implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Checkpointer.class.getName());
    /** How long a commit may stay in the log without being flushed. */
    static final long WITHIN_NANOS = 1_000_000_000L;
    /** How often the daemon looks. */
    private static final long LOOK_NANOS = 100_000_000L;
    /** Commits after which the log is checkpointed at once (each holds a few pages). */
    static final long EVERY_COMMITS = 100;
    /** Log pages past which the checkpoint finishes with the writer held, so the log starts again. */
    static final int RESTART_PAGES = 2_048;
    /** SQLite's own checkpoint in the commit, left for a log this long (the daemon is behind or stalled). */
    static final int SAFETY_PAGES = 8_192;
    /** The SQL every connection runs first. */
    static final String CONNECTION_INIT = "PRAGMA wal_autocheckpoint = " + SAFETY_PAGES;

    private final DataSource pool;
    private final ReentrantLock writer;
    private volatile Thread daemon;
    private volatile boolean closed;
    /** When the oldest commit not flushed yet was made (0: every commit is flushed). */
    private volatile long since;
    /** Moves on with every commit: a checkpoint covers those made before it started. */
    private volatile long commits;
    /** The commit count at the last checkpoint (written by the daemon). */
    private volatile long checkpointedAt;

    Checkpointer(DataSource pool, ReentrantLock writer) {
        this.pool = pool;
        this.writer = writer;
    }

    /** After a commit (the writer held): {@code flushed} says whether it flushed the log, with all before it. */
    void committed(boolean flushed) {
        commits++;
        if (flushed) since = 0;
        else if (since == 0) since = System.nanoTime();
        Thread d = daemon;
        if (d == null && !closed) {
            daemon = Thread.ofPlatform()
                    .name("coffer-sqlite-checkpoint")
                    .daemon()
                    .start(this::run);
        } else if (d != null && commits - checkpointedAt == EVERY_COMMITS) {
            LockSupport.unpark(d);
        }
    }

    /** Whether a commit is waiting for a flush (for tests). */
    boolean pending() {
        return since != 0;
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, LOOK_NANOS);
            long seen = commits;
            long first = since;
            boolean flushDue = first != 0 && System.nanoTime() - first >= WITHIN_NANOS * 3 / 4;
            if (!flushDue && seen - checkpointedAt < EVERY_COMMITS) continue;
            try (Connection c = pool.getConnection()) {
                int logPages = checkpoint(c);
                if (logPages > RESTART_PAGES) {
                    writer.lock();
                    try {
                        checkpoint(c); // the pages committed meanwhile, so the next commit restarts the log
                        seen = commits;
                    } finally {
                        writer.unlock();
                    }
                }
                checkpointedAt = seen;
                writer.lock();
                try {
                    if (commits == seen) since = 0; // else those made meanwhile wait for the next round
                } finally {
                    writer.unlock();
                }
            } catch (SQLException e) {
                LOG.log(
                        Level.WARNING,
                        () -> "could not checkpoint the SQLite log (tried again shortly): " + e.getMessage());
            }
        }
    }

    /** A passive checkpoint (it never waits for readers or the writer); returns the log's length in pages. */
    private static int checkpoint(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return rs.next() ? rs.getInt(2) : 0;
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
