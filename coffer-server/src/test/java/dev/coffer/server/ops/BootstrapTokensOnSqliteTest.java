package dev.coffer.server.ops;

import dev.coffer.server.testing.Backend;

class BootstrapTokensOnSqliteTest extends BootstrapTokensSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
