package dev.coffer.server.servicetokens;

import dev.coffer.server.testing.Backend;

class LegacyPythonClientOnPostgresTest extends LegacyPythonClientSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
