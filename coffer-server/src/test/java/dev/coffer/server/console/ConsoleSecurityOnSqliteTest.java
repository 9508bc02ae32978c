package dev.coffer.server.console;

import dev.coffer.server.testing.Backend;

class ConsoleSecurityOnSqliteTest extends ConsoleSecuritySuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
