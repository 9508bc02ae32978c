package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class UniversalAuthTokensOnPostgresTest extends UniversalAuthTokensSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
