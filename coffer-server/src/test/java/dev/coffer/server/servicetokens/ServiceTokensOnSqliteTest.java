package dev.coffer.server.servicetokens;

import dev.coffer.server.testing.Backend;

class ServiceTokensOnSqliteTest extends ServiceTokensSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
