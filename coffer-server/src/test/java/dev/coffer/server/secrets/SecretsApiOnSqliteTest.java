package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class SecretsApiOnSqliteTest extends SecretsApiSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
