package dev.coffer.server.store;

import dev.coffer.server.testing.Backend;

class MigrationsOnPostgresTest extends MigrationsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
