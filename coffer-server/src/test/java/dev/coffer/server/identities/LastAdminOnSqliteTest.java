package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class LastAdminOnSqliteTest extends LastAdminSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
