package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class SingleSecretsOnSqliteTest extends SingleSecretsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
