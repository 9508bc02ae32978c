package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadInputLimitsOnSqliteTest extends BadInputLimitsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
