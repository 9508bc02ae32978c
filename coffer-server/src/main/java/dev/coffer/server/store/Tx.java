package dev.coffer.server.store;

import dev.coffer.server.cache.Invalidator;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A unit of work: one connection in one transaction, handed to stores. A write transaction collects
 * what it changed ({@link #invalidate}) and work to run once it has committed ({@link #afterCommit});
 * neither happens when it rolls back or is retried. A read-only one runs in auto-commit and refuses
 * both. Stores are the only code that reach the connection, through {@link Jdbc}.
 */
public final class Tx {

    private final Connection connection;
    private final Dialect dialect;
    private final boolean writable;
    private final Set<Invalidator.Key> invalidations = new LinkedHashSet<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    /** The connection's kept prepared statements (SQLite), or null to prepare each one anew. */
    private final Statements statements;

    Tx(Connection connection, Dialect dialect, boolean writable) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.writable = writable;
        this.statements = dialect == Dialect.SQLITE ? Statements.of(connection) : null;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * The clause that locks the rows a query reads until the transaction ends ({@link
     * Dialect#forUpdate}); none in a read-only unit of work, whose statements each commit on their own:
     * there it would hold nothing, and on PostgreSQL each locked row is a write to its page.
     */
    public String forUpdate() {
        return writable ? dialect.forUpdate() : "";
    }

    public boolean writable() {
        return writable;
    }

    /**
     * Records that cached state under {@code topic}/{@code key} changed: every node drops it once this
     * transaction commits (on PostgreSQL the notification is part of the transaction itself).
     */
    public void invalidate(Invalidator.Topic topic, String key) {
        requireWritable();
        invalidations.add(new Invalidator.Key(topic, key));
    }

    /** Runs {@code hook} after a successful commit, in registration order; never after a rollback. */
    public void afterCommit(Runnable hook) {
        requireWritable();
        afterCommit.add(hook);
    }

    Connection connection() {
        return connection;
    }

    /** A prepared statement for {@code sql}: kept from an earlier use on SQLite, else prepared now. */
    Statements.Lease statement(String sql) throws SQLException {
        return statements != null
                ? statements.take(sql)
                : new Statements.Lease(sql, connection.prepareStatement(sql), false);
    }

    /** Hands a statement from {@link #statement} back once its result set is closed. */
    void release(Statements.Lease lease) {
        if (statements != null) statements.give(lease);
        else {
            try {
                lease.statement().close();
            } catch (SQLException ignored) {
                // closed with its connection
            }
        }
    }

    Set<Invalidator.Key> invalidations() {
        return invalidations;
    }

    List<Runnable> afterCommitHooks() {
        return afterCommit;
    }

    private void requireWritable() {
        if (!writable) throw new IllegalStateException("a read-only unit of work cannot change anything");
    }
}
