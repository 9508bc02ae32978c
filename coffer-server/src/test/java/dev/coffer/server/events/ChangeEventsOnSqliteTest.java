package dev.coffer.server.events;

import dev.coffer.server.testing.Backend;

class ChangeEventsOnSqliteTest extends ChangeEventsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
