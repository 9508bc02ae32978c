package dev.coffer.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parameterised plain-JDBC statements on a {@link Tx}. Every SQL statement in Coffer goes through
 * here, and only stores call it (an architecture test keeps it so). SQL errors surface as
 * {@link StoreException}.
 */
public final class Jdbc {

    private Jdbc() {}

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public static <T> List<T> list(Tx tx, String sql, RowMapper<T> mapper, Object... args) {
        Statements.Lease lease = prepare(tx, sql, args);
        try (ResultSet rs = lease.statement().executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(mapper.map(rs));
            return out;
        } catch (SQLException e) {
            throw StoreException.of(tx.dialect(), e);
        } finally {
            tx.release(lease);
        }
    }

    /** The first row, or empty when there is none. */
    public static <T> Optional<T> one(Tx tx, String sql, RowMapper<T> mapper, Object... args) {
        Statements.Lease lease = prepare(tx, sql, args);
        try (ResultSet rs = lease.statement().executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw StoreException.of(tx.dialect(), e);
        } finally {
            tx.release(lease);
        }
    }

    /** Whether the query returns at least one row. */
    public static boolean exists(Tx tx, String sql, Object... args) {
        return one(tx, sql, rs -> Boolean.TRUE, args).isPresent();
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it touched. */
    public static int update(Tx tx, String sql, Object... args) {
        if (!tx.writable()) throw new IllegalStateException("write statement in a read-only unit of work");
        Statements.Lease lease = prepare(tx, sql, args);
        try {
            return lease.statement().executeUpdate();
        } catch (SQLException e) {
            throw StoreException.of(tx.dialect(), e);
        } finally {
            tx.release(lease);
        }
    }

    /**
     * Runs one INSERT, UPDATE or DELETE for each row of arguments, sent to the database as one batch,
     * on the connection's kept statement (SQLite: compiling it for every batch of audit events was a
     * fiftieth of a list's time).
     */
    public static int[] batch(Tx tx, String sql, List<Object[]> rows) {
        if (!tx.writable()) throw new IllegalStateException("write statement in a read-only unit of work");
        if (rows.isEmpty()) return new int[0];
        Statements.Lease lease = lease(tx, sql);
        try {
            PreparedStatement ps = lease.statement();
            for (Object[] args : rows) {
                bind(ps, args);
                ps.addBatch();
            }
            return ps.executeBatch();
        } catch (SQLException e) {
            try {
                lease.statement().clearBatch(); // a kept statement goes back without the failed rows
            } catch (SQLException ignored) {
                // closed with its connection
            }
            throw StoreException.of(tx.dialect(), e);
        } finally {
            tx.release(lease);
        }
    }

    private static Statements.Lease prepare(Tx tx, String sql, Object... args) {
        Statements.Lease lease = lease(tx, sql);
        try {
            bind(lease.statement(), args);
            return lease;
        } catch (SQLException e) {
            tx.release(lease);
            throw StoreException.of(tx.dialect(), e);
        }
    }

    private static Statements.Lease lease(Tx tx, String sql) {
        try {
            return tx.statement(sql);
        } catch (SQLException e) {
            throw StoreException.of(tx.dialect(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Boolean b) ps.setBoolean(i + 1, b);
            else if (a instanceof byte[] bytes) ps.setBytes(i + 1, bytes);
            else ps.setObject(i + 1, a);
        }
    }
}
