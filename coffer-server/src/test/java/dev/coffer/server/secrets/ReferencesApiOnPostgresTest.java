package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class ReferencesApiOnPostgresTest extends ReferencesApiSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
