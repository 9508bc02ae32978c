package dev.coffer.server.keys;

import dev.coffer.server.testing.Backend;

class CiphertextBindingOnPostgresTest extends CiphertextBindingSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
