package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class UniversalAuthOnPostgresTest extends UniversalAuthSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
