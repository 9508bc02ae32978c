package dev.coffer.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.errors.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The connection pool and the unit of work. {@link #read} runs work on a read-only {@link Tx};
 * {@link #write} runs it in one transaction, committed or rolled back as a whole, then delivers its
 * invalidations and after-commit hooks. A write that lost a race (a unique key taken by a concurrent
 * writer, a deadlock) is run again from the start, so it sees the winner's row and answers as if it had
 * come second; a race still lost after {@link #MAX_ATTEMPTS} is a 409. On SQLite, writers are serialised
 * in-process (one writer is all SQLite allows, and a Java lock is cheaper and fairer than its busy-wait).
 */
public final class Database implements AutoCloseable {

    static final int MAX_ATTEMPTS = 5;

    private final Dialect dialect;
    private final HikariDataSource pool;
    private final String description;
    private final Invalidator invalidator;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);
    private volatile PostgresListener listener;
    /**
     * SQLite: checkpoints the log beside the writer and flushes commits made without a flush (null on
     * PostgreSQL, whose WAL writer does both).
     */
    private final Checkpointer checkpointer;
    /** Small writes of concurrent requests, committed together ({@link #writeGrouped}). */
    private final WriteGroup group = new WriteGroup(new WriteGroup.Writer() {
        @Override
        public void inOneTransaction(List<WriteGroup.Piece<?>> pieces) {
            List<Tx> units = new ArrayList<>(pieces.size());
            transaction(false, units, c -> {
                for (int i = 0; i < pieces.size(); ) {
                    WriteGroup.Piece<?> p = pieces.get(i);
                    if (p.joinable == null) {
                        Tx tx = new Tx(c, dialect, true);
                        units.add(tx);
                        p.run(tx);
                        i++;
                        continue;
                    }
                    // this write and those of its kind that follow it, run together
                    int end = i;
                    List<Joinable> together = new ArrayList<>();
                    for (; end < pieces.size() && p.joins(pieces.get(end)); end++) {
                        together.add(pieces.get(end).joinable);
                        units.add(new Tx(c, dialect, true));
                    }
                    int[] counts = p.joinable.runTogether(units.get(i), together);
                    for (int k = i; k < end; k++) pieces.get(k).counted(counts[k - i]);
                    i = end;
                }
                return null;
            });
            // committed: a piece's invalidations and hooks are its own, and so is a failure among them
            // (thrown from here, it would have the group's pieces written a second time, each alone)
            for (int i = 0; i < pieces.size(); i++) {
                try {
                    deliver(units.get(i));
                } catch (RuntimeException | Error e) {
                    pieces.get(i).failed(e);
                }
            }
        }

        @Override
        public <T> T alone(Function<Tx, T> work) {
            return writeFlushedLater(work);
        }
    });

    private Database(Dialect dialect, HikariDataSource pool, String description, Invalidator invalidator) {
        this.dialect = dialect;
        this.pool = pool;
        this.description = description;
        this.invalidator = invalidator;
        this.checkpointer = dialect == Dialect.SQLITE ? new Checkpointer(pool, sqliteWriter) : null;
    }

    /**
     * Opens (creating if needed) the SQLite file: WAL journal, synchronous=FULL, foreign keys on. The
     * file is readable by its owner only (0600), like the key file; SQLite gives its {@code -wal} and
     * {@code -shm} files the same mode, and files left more open by an earlier version are narrowed.
     */
    public static Database sqlite(Path file, Invalidator invalidator) {
        ownerOnly(file);
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("coffer-sqlite");
        cfg.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "FULL");
        cfg.addDataSourceProperty("foreign_keys", "true");
        cfg.addDataSourceProperty("busy_timeout", "10000");
        cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        // Coffer makes its own ids: without this the driver asked for last_insert_rowid() after every INSERT
        cfg.addDataSourceProperty("jdbc.get_generated_keys", "false");
        // no memory map (mmap_size stays 0): a connection that finds the database changed since its last
        // read drops its whole mapping and maps the file again, and with a commit of audit events every
        // millisecond or so that was every read (a login spent an eighth of its time in munmap and mmap);
        // reading the pages it needs with pread costs less
        cfg.setConnectionInitSql(Checkpointer.CONNECTION_INIT); // the log is checkpointed beside the writer
        cfg.setMaximumPoolSize(8);
        cfg.setMinimumIdle(2);
        Database db =
                new Database(Dialect.SQLITE, new HikariDataSource(cfg), "SQLite " + file.toAbsolutePath(), invalidator);
        return Migrations.run(db);
    }

    /**
     * Connects to PostgreSQL; the settings come from {@link PostgresUrl}. Every node listens for the
     * others' invalidations on a connection of its own.
     */
    public static Database postgres(PostgresUrl url, Invalidator invalidator) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("coffer-postgres");
        cfg.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) cfg.setUsername(url.user());
        if (url.password() != null) cfg.setPassword(url.password());
        cfg.setMaximumPoolSize(16);
        cfg.setMinimumIdle(2);
        cfg.setInitializationFailTimeout(3_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StartupException("Could not connect to PostgreSQL at " + url.describe() + ": " + rootMessage(e)
                    + ". Check COFFER_DATABASE_URL (host, port, database, user and password).");
        }
        Database db =
                Migrations.run(new Database(Dialect.POSTGRESQL, pool, "PostgreSQL " + url.describe(), invalidator));
        db.listener = PostgresListener.start(url, invalidator);
        return db;
    }

    private static void ownerOnly(Path file) {
        if (!OwnerOnlyFiles.posix()) return;
        Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
        try {
            OwnerOnlyFiles.createIfMissing(file);
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path p = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(p)) Files.setPosixFilePermissions(p, rw);
            }
        } catch (IOException e) {
            throw new StartupException("Could not create or protect the database file " + file + " ("
                    + e.getClass().getSimpleName() + "); check the data directory's permissions.");
        }
    }

    /** The innermost cause's SQL state or type; driver messages may echo connection settings, so not those. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        if (t instanceof SQLException s && s.getSQLState() != null) {
            return switch (s.getSQLState()) {
                case "28P01", "28000" -> "authentication failed";
                case "3D000" -> "the database does not exist";
                case "08001", "08006", "08004" -> "the server cannot be reached";
                default -> "SQLState " + s.getSQLState();
            };
        }
        return t.getClass().getSimpleName();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Where the data lives, for the start-up line; never includes a password. */
    public String description() {
        return description;
    }

    HikariDataSource pool() {
        return pool;
    }

    /** Runs work on a read-only unit of work (auto-commit: each statement sees the latest commit). */
    public <T> T read(Function<Tx, T> work) {
        try (Connection c = pool.getConnection()) {
            return work.apply(new Tx(c, dialect, false));
        } catch (SQLException e) {
            throw StoreException.of(dialect, e);
        }
    }

    /**
     * Runs work in one transaction: all of it commits, or none of it does. The work may run more than
     * once (see the class comment), so it must not have effects outside the transaction; such effects
     * go into {@link Tx#afterCommit}.
     */
    public <T> T write(Function<Tx, T> work) {
        return write(work, true);
    }

    /**
     * Runs work in one transaction like {@link #write}, whose commit is in the database's log before
     * this returns (it survives Coffer being killed) but reaches the disk with a later flush instead of
     * its own: on SQLite the next commit made by {@link #write} (this transaction commits with
     * {@code synchronous=NORMAL}) or, when none comes within about a second, a checkpoint ({@link
     * Checkpointer}); on PostgreSQL within its WAL writer's delay ({@code
     * synchronous_commit=off}, a fraction of a second). A power cut may undo it; nothing is ever torn.
     * For records that are cheap to lose that way and costly to flush one by one.
     */
    public <T> T writeFlushedLater(Function<Tx, T> work) {
        return write(work, false);
    }

    private <T> T write(Function<Tx, T> work, boolean flush) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(work, flush);
            } catch (StoreException e) {
                if (!dialect.isTransient(e)) throw e;
                if (attempt >= MAX_ATTEMPTS) throw conflict();
                backOff(attempt);
            }
        }
    }

    private <T> T writeOnce(Function<Tx, T> work, boolean flush) {
        List<Tx> units = new ArrayList<>(1);
        T result = transaction(flush, units, c -> {
            Tx tx = new Tx(c, dialect, true);
            units.add(tx);
            return work.apply(tx);
        });
        deliver(units.getFirst());
        return result;
    }

    /**
     * Runs work like {@link #writeFlushedLater}, in one transaction with the work of other requests
     * handed in meanwhile ({@link WriteGroup}): for small writes of many concurrent requests (a login's
     * token), whose commits would otherwise be most of their cost. The work gets a unit of work of its
     * own (its invalidations and after-commit hooks are its own) and may run on another request's thread,
     * so it must not use state bound to its own (the audit scope); it should not throw in the common case,
     * since a piece that throws has its whole group rolled back and each piece of it run again alone.
     */
    public <T> T writeGrouped(Function<Tx, T> work) {
        return group.write(work);
    }

    /**
     * Runs one write like {@link #writeGrouped(Function)}, together with the writes of its kind in the
     * group ({@link Joinable}). Returns the number of rows it touched.
     */
    public int writeGrouped(Joinable write) {
        return group.write(write);
    }

    /** What a transaction runs on its connection; each unit of work it makes goes into the transaction's units. */
    @FunctionalInterface
    private interface Body<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code body} in one transaction and commits it; {@code units}, the units of work the body
     * made, have their invalidations and hooks delivered by the caller ({@link #deliver}) once this
     * returns.
     */
    private <T> T transaction(boolean flush, List<Tx> units, Body<T> body) {
        if (dialect == Dialect.SQLITE) return sqliteTransaction(flush, body);
        T result;
        try (Connection c = pool.getConnection()) {
            flushCommits(c, flush);
            c.setAutoCommit(false);
            try {
                result = body.run(c);
                if (listener != null) for (Tx tx : units) listener.notifyInTransaction(tx);
                c.commit();
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreException.of(dialect, e);
        }
        return result;
    }

    /**
     * Whether the commits of connection {@code c} wait for their flush ({@link Dialect#flushSetting}): a
     * setting of the connection, changed before its transaction begins (on PostgreSQL a rollback would
     * undo it) and only when the transaction wants the other one ({@link Statements#flushes}). On
     * PostgreSQL it was a {@code SET LOCAL} in every transaction flushed later, a round trip of its own
     * in every group of logins.
     */
    private void flushCommits(Connection c, boolean flush) throws SQLException {
        Statements statements = Statements.of(c);
        if (statements.flushes == flush) return;
        Statements.Lease lease = statements.take(dialect.flushSetting(flush));
        try {
            lease.statement().execute();
        } finally {
            statements.give(lease);
        }
        statements.flushes = flush;
    }

    /**
     * A transaction on SQLite, with the writer held. It commits by turning auto-commit back on: the
     * driver's {@code commit()} begins the next transaction at once ({@code BEGIN IMMEDIATE}, the write
     * lock taken again), which the return to auto-commit then ends, two statements and two turns of the
     * lock for nothing in every commit. A connection whose commit failed is closed, not returned to the
     * pool (the driver counts it in auto-commit even if its transaction is still open; closing it rolls
     * that back).
     */
    private <T> T sqliteTransaction(boolean flush, Body<T> body) {
        sqliteWriter.lock();
        T result;
        try (Connection c = pool.getConnection()) {
            flushCommits(c, flush);
            c.setAutoCommit(false);
            try {
                result = body.run(c);
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (SQLException rollback) {
                    // SQLite ends the transaction itself on some failures (a full disk): "no transaction is
                    // active" must not hide the failure that ended it; the connection's state is unknown
                    e.addSuppressed(rollback);
                    pool.evictConnection(c);
                }
                throw e;
            }
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                pool.evictConnection(c);
                throw e;
            }
            checkpointer.committed(flush);
        } catch (SQLException e) {
            throw StoreException.of(dialect, e);
        } finally {
            sqliteWriter.unlock();
        }
        return result;
    }

    /** After its commit: delivers a unit of work's invalidations, then runs its hooks. */
    private void deliver(Tx tx) {
        for (Invalidator.Key k : tx.invalidations()) invalidator.deliver(k);
        for (Runnable hook : tx.afterCommitHooks()) hook.run();
    }

    /** Grouped writes handed in and not yet taken into a group (for tests). */
    int groupedWritesWaiting() {
        return group.waiting();
    }

    /** Whether a commit on SQLite still waits for its flush (for tests). */
    boolean flushPending() {
        return checkpointer != null && checkpointer.pending();
    }

    /** Runs a pragma on the connection's kept statement (compiling it twice a commit was most of its cost). */
    private static ApiException conflict() {
        return new ApiException.Conflict(
                "The change conflicted with concurrent changes to the same data and was not " + "made; send it again.");
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5 * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw conflict();
        }
    }

    @Override
    public void close() {
        if (listener != null) listener.close();
        if (checkpointer != null) checkpointer.close();
        pool.close();
    }
}
