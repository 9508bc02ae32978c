package dev.coffer.server.recovery;

import dev.coffer.server.testing.Backend;

class RecoveryOnSqliteTest extends RecoverySuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
