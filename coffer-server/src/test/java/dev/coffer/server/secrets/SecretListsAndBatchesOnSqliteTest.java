package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class SecretListsAndBatchesOnSqliteTest extends SecretListsAndBatchesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
