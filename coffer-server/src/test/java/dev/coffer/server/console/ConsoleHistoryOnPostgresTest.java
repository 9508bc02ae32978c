package dev.coffer.server.console;

import dev.coffer.server.testing.Backend;

class ConsoleHistoryOnPostgresTest extends ConsoleHistorySuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
