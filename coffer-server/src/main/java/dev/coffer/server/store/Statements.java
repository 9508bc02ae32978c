package dev.coffer.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The prepared statements of one SQLite connection, kept for the next use of the same SQL: SQLite
 * compiles a statement on every prepare (tens of microseconds, more than running most of Coffer's),
 * and its JDBC driver keeps nothing. Up to {@link #MAX} statements per connection, the least recently
 * used closed first. A statement still in use (a query run again from inside its own row loop) is not
 * handed out twice: the second use gets a statement of its own, closed after it. PostgreSQL's driver
 * keeps server-side prepared statements itself, so this is for SQLite only.
 *
 * <p>A connection is used by one unit of work at a time, so its statements need no lock; the table
 * of connections is weak, so a connection the pool retires takes its statements with it.
 */
final class Statements {

    static final int MAX = 128;
    private static final Map<Connection, Statements> BY_CONNECTION = Collections.synchronizedMap(new WeakHashMap<>());

    /** A statement handed out, and whether it goes back to the cache or is closed after its use. */
    record Lease(String sql, PreparedStatement statement, boolean cached) {}

    private final Connection connection;
    private final Set<PreparedStatement> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
    private final LinkedHashMap<String, PreparedStatement> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX) return false;
            if (!inUse.contains(eldest.getValue())) close(eldest.getValue());
            return true;
        }
    };

    /**
     * Whether commits on this connection are flushed (SQLite's {@code synchronous = FULL}, PostgreSQL's
     * {@code synchronous_commit} as the server sets it: as every connection opens) or not ({@code NORMAL},
     * {@code off}); {@link Database} changes it only when a transaction wants the other.
     */
    boolean flushes = true;

    private Statements(Connection connection) {
        this.connection = connection;
    }

    /** The statements of the physical connection behind {@code pooled}. */
    static Statements of(Connection pooled) throws SQLException {
        Connection raw = pooled.unwrap(Connection.class);
        return BY_CONNECTION.computeIfAbsent(raw, Statements::new);
    }

    Lease take(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps != null && inUse.contains(ps)) return new Lease(sql, connection.prepareStatement(sql), false);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            cache.put(sql, ps);
        }
        inUse.add(ps);
        return new Lease(sql, ps, true);
    }

    /** Takes a statement back after its use (its result set closed), or closes it when it was not cached. */
    void give(Lease lease) {
        PreparedStatement ps = lease.statement();
        if (!lease.cached()) {
            close(ps);
            return;
        }
        inUse.remove(ps);
        if (cache.get(lease.sql()) != ps) {
            close(ps); // pushed out while in use
            return;
        }
        try {
            ps.clearParameters();
        } catch (SQLException e) {
            cache.remove(lease.sql());
            close(ps);
        }
    }

    private static void close(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // a statement that cannot be closed is gone with its connection
        }
    }
}
