package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class ExpectedVersionOnSqliteTest extends ExpectedVersionSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
