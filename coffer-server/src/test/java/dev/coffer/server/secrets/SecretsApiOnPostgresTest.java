package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class SecretsApiOnPostgresTest extends SecretsApiSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
