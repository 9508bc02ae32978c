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

    /** The failure {@code cause} is on {@code dialect}: {@link Full} when the database's storage is full. */
    public static StoreException of(Dialect dialect, SQLException cause) {
        return dialect.isStorageFull(cause) ? new Full(cause) : new StoreException(cause);
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
