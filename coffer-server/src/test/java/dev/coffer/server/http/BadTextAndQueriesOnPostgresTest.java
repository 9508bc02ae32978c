package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadTextAndQueriesOnPostgresTest extends BadTextAndQueriesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
