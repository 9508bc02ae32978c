package dev.coffer.server.store;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

class UnitOfWorkOnPostgresTest extends UnitOfWorkSuite {
    @Override
    Database open(Invalidator invalidator) {
        String url = Postgres.newDatabase();
        // commits wait for their flush on this database, as a production server's do (the shared test
        // server does not): a write flushed later must then be told apart from one flushed at once
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', "
                    + "current_database()); END $$");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Database.postgres(PostgresUrl.parse(url, "postgres", null), invalidator);
    }
}
