package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class SecretListsAndBatchesOnPostgresTest extends SecretListsAndBatchesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
