package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class HistoryOnSqliteTest extends HistorySuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
