package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class ConcurrentWritesOnSqliteTest extends ConcurrentWritesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
