package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class UniversalAuthLoginOnPostgresTest extends UniversalAuthLoginSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
