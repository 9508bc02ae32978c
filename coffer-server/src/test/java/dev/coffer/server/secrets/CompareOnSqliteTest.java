package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class CompareOnSqliteTest extends CompareSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
