package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class SingleSecretsOnPostgresTest extends SingleSecretsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
