package dev.coffer.server.store;

import java.sql.SQLException;

/** The two supported databases; every SQL difference between them is decided here. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Flyway location of this dialect's migrations. */
    public String migrations() {
        return "classpath:db/migration/" + migrationFolder;
    }

    /**
     * The clause that locks rows read in a transaction until it ends. Empty on SQLite, where a write
     * transaction already excludes every other writer.
     */
    public String forUpdate() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /** Whether an exception is a unique-constraint violation. */
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (this == POSTGRESQL && "23505".equals(s.getSQLState())) return true;
                if (this == SQLITE && s.getErrorCode() == 19 && String.valueOf(s.getMessage()).contains("UNIQUE")) return true;
            }
        }
        return false;
    }
}
