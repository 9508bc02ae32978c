package dev.coffer.server.events;

import dev.coffer.server.testing.Backend;

class EventStreamsOnPostgresTest extends EventStreamsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
