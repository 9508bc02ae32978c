package dev.coffer.server.ops;

import dev.coffer.server.testing.Backend;

class BootstrapOnSqliteTest extends BootstrapSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
