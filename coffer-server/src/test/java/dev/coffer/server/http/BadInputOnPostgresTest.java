package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadInputOnPostgresTest extends BadInputSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
