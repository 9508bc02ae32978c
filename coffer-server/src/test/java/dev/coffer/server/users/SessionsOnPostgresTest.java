package dev.coffer.server.users;

import dev.coffer.server.testing.Backend;

class SessionsOnPostgresTest extends SessionsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
