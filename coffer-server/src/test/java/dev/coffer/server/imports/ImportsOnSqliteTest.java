package dev.coffer.server.imports;

import dev.coffer.server.testing.Backend;

class ImportsOnSqliteTest extends ImportsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
