package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadInputBodiesOnPostgresTest extends BadInputBodiesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
