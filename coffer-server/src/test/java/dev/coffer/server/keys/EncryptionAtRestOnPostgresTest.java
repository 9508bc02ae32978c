package dev.coffer.server.keys;

import dev.coffer.server.testing.Backend;

class EncryptionAtRestOnPostgresTest extends EncryptionAtRestSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
