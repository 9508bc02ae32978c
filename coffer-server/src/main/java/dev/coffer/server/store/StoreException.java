package dev.coffer.server.store;

import java.sql.SQLException;

/** A database failure; callers that expect a specific SQL error (a duplicate) test the cause. */
public final class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super("database operation failed (SQLState " + cause.getSQLState() + ")", cause);
    }

    public SQLException sqlCause() {
        return (SQLException) getCause();
    }
}
