package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class GetOneOnPostgresTest extends GetOneSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }

    @Override
    int secretsCacheMb() {
        return 32;
    }
}
