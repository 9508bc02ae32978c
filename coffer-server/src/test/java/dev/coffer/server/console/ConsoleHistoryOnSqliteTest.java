package dev.coffer.server.console;

import dev.coffer.server.testing.Backend;

class ConsoleHistoryOnSqliteTest extends ConsoleHistorySuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
