package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class MoveOnSqliteTest extends MoveSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
