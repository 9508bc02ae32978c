package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class UniversalAuthClientSecretsOnPostgresTest extends UniversalAuthClientSecretsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
