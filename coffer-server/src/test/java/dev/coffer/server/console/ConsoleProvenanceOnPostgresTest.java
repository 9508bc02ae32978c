package dev.coffer.server.console;

import dev.coffer.server.testing.Backend;

class ConsoleProvenanceOnPostgresTest extends ConsoleProvenanceSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
