package dev.coffer.server.events;

import dev.coffer.server.testing.Backend;

class ChangeEventsOnPostgresTest extends ChangeEventsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
