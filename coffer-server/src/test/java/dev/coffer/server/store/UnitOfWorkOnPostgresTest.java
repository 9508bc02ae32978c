package dev.coffer.server.store;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.testing.Postgres;

class UnitOfWorkOnPostgresTest extends UnitOfWorkSuite {
    @Override
    Database open(Invalidator invalidator) {
        return Database.postgres(PostgresUrl.parse(Postgres.newDatabase(), "postgres", null), invalidator);
    }
}
