package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class ExpectedVersionOnPostgresTest extends ExpectedVersionSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
