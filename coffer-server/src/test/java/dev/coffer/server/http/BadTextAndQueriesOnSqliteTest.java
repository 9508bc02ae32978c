package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadTextAndQueriesOnSqliteTest extends BadTextAndQueriesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
