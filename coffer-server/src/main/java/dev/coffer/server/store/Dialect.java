package dev.coffer.server.store;

import java.sql.SQLException;
import java.util.Map;

/** The two supported databases; every SQL difference between them is decided here. */
public enum Dialect {
    SQLITE(Map.of(
            "blob", "BLOB",
            "smallint", "INTEGER",
            "rowkey", "INTEGER",
            "jsonarray", "json_array",
            "jsonobjectagg", "json_group_object")),
    POSTGRESQL(Map.of(
            "blob", "BYTEA",
            "smallint", "SMALLINT",
            "rowkey", "BIGINT",
            "jsonarray", "json_build_array",
            "jsonobjectagg", "json_object_agg"));

    private final Map<String, String> placeholders;

    Dialect(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    /**
     * Flyway placeholders for the one migration folder: {@code ${blob}}, {@code ${smallint}},
     * {@code ${rowkey}}, a 64-bit primary key that on SQLite is the row's own key (a column declared
     * {@code INTEGER PRIMARY KEY}, where {@code BIGINT PRIMARY KEY} is a second index beside it), and
     * {@code ${jsonarray}}, the function that makes a JSON array of its arguments, and {@code ${jsonobjectagg}},
     * the aggregate that makes a JSON object of the (name, value) pairs of a group.
     */
    public Map<String, String> migrationPlaceholders() {
        return placeholders;
    }

    /**
     * Whether two writes pay to be joined into one statement: on PostgreSQL each statement is a round
     * trip to the server, and a data-modifying {@code WITH} clause runs one write inside another; SQLite
     * runs statements in-process and has no such clause.
     */
    public boolean joinsWritesInOneStatement() {
        return this == POSTGRESQL;
    }

    /**
     * The statement that makes a connection's commits wait for their flush ({@code flush}: SQLite's {@code
     * synchronous = FULL}, PostgreSQL's {@code synchronous_commit} as the server sets it) or return before
     * it ({@code NORMAL}, {@code off}).
     */
    public String flushSetting(boolean flush) {
        if (this == SQLITE) return flush ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
        return flush ? "RESET synchronous_commit" : "SET synchronous_commit = off";
    }

    /**
     * An expression that, evaluated in a write transaction, lets its commit return before the flush
     * (PostgreSQL: {@code synchronous_commit} off for the transaction, as {@code SET LOCAL} sets it);
     * null on SQLite, where {@link Database#writeFlushedLater} does it around the transaction.
     */
    public String flushLaterExpression() {
        return this == POSTGRESQL ? "set_config('synchronous_commit', 'off', true)" : null;
    }

    /**
     * The clause that locks rows read in a transaction until it ends. Empty on SQLite, where a write
     * transaction already excludes every other writer.
     */
    public String forUpdate() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /**
     * A query with one parameter, a number, that waits for the lock of that number and holds it until
     * the transaction ends (PostgreSQL's advisory locks); null on SQLite, where a write transaction
     * already excludes every other writer.
     */
    public String transactionLockSql() {
        return this == POSTGRESQL ? "SELECT pg_advisory_xact_lock(?)" : null;
    }

    /** A condition with one parameter that holds when the text column contains it (no wildcards). */
    public String containsText(String column) {
        return this == POSTGRESQL ? "strpos(" + column + ", ?) > 0" : "instr(" + column + ", ?) > 0";
    }

    /** A query with one parameter, a table name, that returns a row when that table exists. */
    public String tableExistsSql() {
        return this == POSTGRESQL
                ? "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"
                : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
    }

    /** Whether an exception is a unique-constraint violation. */
    public boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (this == POSTGRESQL && "23505".equals(s.getSQLState())) return true;
                if (this == SQLITE
                        && s.getErrorCode() == 19
                        && String.valueOf(s.getMessage()).contains("UNIQUE")) return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure is the database's storage being full: PostgreSQL's disk_full (53100), SQLite's
     * SQLITE_FULL (13, also as the primary code of an extended one). Nothing of the statement was written.
     */
    public boolean isStorageFull(SQLException s) {
        return this == POSTGRESQL ? "53100".equals(s.getSQLState()) : (s.getErrorCode() & 0xff) == 13;
    }

    /**
     * Whether a failed transaction may succeed when run again: a unique key taken by a concurrent
     * writer (the retry sees the row and answers accordingly), a deadlock, or a serialization failure.
     */
    public boolean isTransient(Throwable e) {
        if (isUniqueViolation(e)) return true;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (this == POSTGRESQL && (state.equals("40001") || state.equals("40P01"))) return true;
                if (this == SQLITE && (s.getErrorCode() == 5 || s.getErrorCode() == 6)) return true;
            }
        }
        return false;
    }
}
