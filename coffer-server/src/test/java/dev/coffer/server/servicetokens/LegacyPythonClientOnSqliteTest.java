package dev.coffer.server.servicetokens;

import dev.coffer.server.testing.Backend;

class LegacyPythonClientOnSqliteTest extends LegacyPythonClientSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
