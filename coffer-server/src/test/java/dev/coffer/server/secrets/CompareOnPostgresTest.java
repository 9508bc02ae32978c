package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class CompareOnPostgresTest extends CompareSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
