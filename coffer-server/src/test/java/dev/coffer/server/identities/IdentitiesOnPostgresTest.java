package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class IdentitiesOnPostgresTest extends IdentitiesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
