package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class ReferencesApiOnSqliteTest extends ReferencesApiSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
