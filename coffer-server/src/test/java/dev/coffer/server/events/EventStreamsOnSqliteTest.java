package dev.coffer.server.events;

import dev.coffer.server.testing.Backend;

class EventStreamsOnSqliteTest extends EventStreamsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
