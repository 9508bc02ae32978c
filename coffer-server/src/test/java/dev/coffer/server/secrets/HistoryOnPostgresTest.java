package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class HistoryOnPostgresTest extends HistorySuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
