package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadInputLimitsOnPostgresTest extends BadInputLimitsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
