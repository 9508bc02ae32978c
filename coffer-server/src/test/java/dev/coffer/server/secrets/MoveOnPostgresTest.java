package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class MoveOnPostgresTest extends MoveSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
