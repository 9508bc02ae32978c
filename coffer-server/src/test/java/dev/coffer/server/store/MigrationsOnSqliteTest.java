package dev.coffer.server.store;

import dev.coffer.server.testing.Backend;

class MigrationsOnSqliteTest extends MigrationsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
