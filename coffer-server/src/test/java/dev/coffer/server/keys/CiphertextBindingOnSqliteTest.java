package dev.coffer.server.keys;

import dev.coffer.server.testing.Backend;

class CiphertextBindingOnSqliteTest extends CiphertextBindingSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
