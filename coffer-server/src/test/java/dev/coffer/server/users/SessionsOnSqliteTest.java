package dev.coffer.server.users;

import dev.coffer.server.testing.Backend;

class SessionsOnSqliteTest extends SessionsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
