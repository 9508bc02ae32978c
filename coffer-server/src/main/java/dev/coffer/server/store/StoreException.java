package dev.coffer.server.store;

import dev.coffer.server.errors.StorageFull;
import java.sql.SQLException;

/**
 * A database failure. {@link Database#write} retries the transient kinds (a unique key taken by a
 * concurrent writer, a deadlock, a serialization failure) and turns what remains of a race into a
 * 409; a full disk is a 503 ({@link StorageFull}); anything else is a 500 without details.
 */
public sealed class StoreException extends RuntimeException permits StoreException.Full {

    public StoreException(SQLException cause) {
        super("database operation failed (SQLState " + cause.getSQLState() + ")", cause);
    }

    /** The failure {@code cause} is: {@link Full} when the database's storage is full. */
    public static StoreException of(SQLException cause) {
        return full(cause) ? new Full(cause) : new StoreException(cause);
    }

    /** PostgreSQL's disk_full (53100), SQLite's SQLITE_FULL (13, also as the primary code of an extended one). */
    static boolean full(SQLException e) {
        return "53100".equals(e.getSQLState())
                || (e.getClass().getName().startsWith("org.sqlite.") && (e.getErrorCode() & 0xff) == 13);
    }

    /** A write refused because the disk (SQLite's file, PostgreSQL's) is full: nothing was written. */
    public static final class Full extends StoreException implements StorageFull {
        Full(SQLException cause) {
            super(cause);
        }
    }

    public SQLException sqlCause() {
        return (SQLException) getCause();
    }
}
