package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class SecretVersionsOnSqliteTest extends SecretVersionsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
