package dev.coffer.server.ops;

import dev.coffer.server.testing.Backend;

class BootstrapOnPostgresTest extends BootstrapSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
