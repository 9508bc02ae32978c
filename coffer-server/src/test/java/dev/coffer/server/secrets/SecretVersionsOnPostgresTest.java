package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class SecretVersionsOnPostgresTest extends SecretVersionsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
