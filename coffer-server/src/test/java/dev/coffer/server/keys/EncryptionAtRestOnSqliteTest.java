package dev.coffer.server.keys;

import dev.coffer.server.testing.Backend;

class EncryptionAtRestOnSqliteTest extends EncryptionAtRestSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
