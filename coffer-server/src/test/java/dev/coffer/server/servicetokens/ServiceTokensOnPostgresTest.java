package dev.coffer.server.servicetokens;

import dev.coffer.server.testing.Backend;

class ServiceTokensOnPostgresTest extends ServiceTokensSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
