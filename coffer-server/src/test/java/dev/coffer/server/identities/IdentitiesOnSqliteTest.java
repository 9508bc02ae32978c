package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class IdentitiesOnSqliteTest extends IdentitiesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
