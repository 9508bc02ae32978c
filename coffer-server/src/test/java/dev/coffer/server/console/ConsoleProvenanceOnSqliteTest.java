package dev.coffer.server.console;

import dev.coffer.server.testing.Backend;

class ConsoleProvenanceOnSqliteTest extends ConsoleProvenanceSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
