package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class HostileRequestsOnPostgresTest extends HostileRequestsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
