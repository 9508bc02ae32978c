package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class UniversalAuthClientSecretsOnSqliteTest extends UniversalAuthClientSecretsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
