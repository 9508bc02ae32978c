package dev.coffer.server.store;

import java.sql.SQLException;

/**
 * A database failure. {@link Database#write} retries the transient kinds (a unique key taken by a
 * concurrent writer, a deadlock, a serialization failure) and turns what remains of a race into a
 * 409; anything else is a 500 without details.
 */
public final class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super("database operation failed (SQLState " + cause.getSQLState() + ")", cause);
    }

    public SQLException sqlCause() {
        return (SQLException) getCause();
    }
}
