package dev.coffer.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and the transaction boundary. Reads run in auto-commit; writes run in one
 * transaction each ({@link #write}), committed or rolled back as a whole. On SQLite, writers are
 * serialised in-process (one writer is all SQLite allows, and a Java lock is cheaper and fairer
 * than its busy-wait).
 */
public final class Database implements AutoCloseable {

    /** Work done on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Dialect dialect;
    private final HikariDataSource pool;
    private final String description;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);

    private Database(Dialect dialect, HikariDataSource pool, String description) {
        this.dialect = dialect;
        this.pool = pool;
        this.description = description;
    }

    /** Opens (creating if needed) the SQLite file: WAL journal, synchronous=FULL, foreign keys on. */
    public static Database sqlite(Path file) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("coffer-sqlite");
        cfg.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "FULL");
        cfg.addDataSourceProperty("foreign_keys", "true");
        cfg.addDataSourceProperty("busy_timeout", "10000");
        cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        cfg.setMaximumPoolSize(8);
        cfg.setMinimumIdle(2);
        return migrate(new Database(Dialect.SQLITE, new HikariDataSource(cfg), "SQLite " + file.toAbsolutePath()));
    }

    /** Connects to PostgreSQL; the settings come from {@link PostgresUrl}. */
    public static Database postgres(PostgresUrl url) {
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
            throw new dev.coffer.server.app.StartupException("Could not connect to PostgreSQL at " + url.describe() + ": "
                    + rootMessage(e) + ". Check COFFER_DATABASE_URL (host, port, database, user and password).");
        }
        return migrate(new Database(Dialect.POSTGRESQL, pool, "PostgreSQL " + url.describe()));
    }

    private static Database migrate(Database db) {
        try {
            Flyway.configure()
                    .dataSource(db.pool)
                    .locations(db.dialect.migrations())
                    .load()
                    .migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
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

    /** Runs read-only work in auto-commit mode. */
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs work in one transaction: all of it commits, or none of it does. */
    public <T> T write(Work<T> work) {
        boolean locked = dialect == Dialect.SQLITE;
        if (locked) sqliteWriter.lock();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            if (locked) sqliteWriter.unlock();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
