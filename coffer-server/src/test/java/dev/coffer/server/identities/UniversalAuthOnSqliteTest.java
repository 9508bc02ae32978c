package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class UniversalAuthOnSqliteTest extends UniversalAuthSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
