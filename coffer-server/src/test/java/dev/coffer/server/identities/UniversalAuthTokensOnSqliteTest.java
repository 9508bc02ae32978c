package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class UniversalAuthTokensOnSqliteTest extends UniversalAuthTokensSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
