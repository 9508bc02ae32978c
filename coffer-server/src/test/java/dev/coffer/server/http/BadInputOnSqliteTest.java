package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadInputOnSqliteTest extends BadInputSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
