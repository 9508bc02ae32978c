package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadInputBodiesOnSqliteTest extends BadInputBodiesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
