package dev.coffer.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (binaries from Maven Central, started on a free port), with
 * a fresh database for each test server. Stopped when the JVM exits.
 */
public final class Postgres {

    private static EmbeddedPostgres server;
    private static Path dataDir;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Postgres() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                dataDir = java.nio.file.Files.createTempDirectory("coffer-pg-");
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
    public static String newDatabase() {
        String name = "coffer_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server().getJdbcUrl("postgres", "postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database", e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** The server's data directory, for tests that inspect the files PostgreSQL writes. */
    public static Path dataDirectory() {
        server();
        return dataDir;
    }
}
