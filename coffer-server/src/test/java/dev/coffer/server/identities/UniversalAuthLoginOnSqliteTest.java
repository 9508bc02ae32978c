package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class UniversalAuthLoginOnSqliteTest extends UniversalAuthLoginSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
