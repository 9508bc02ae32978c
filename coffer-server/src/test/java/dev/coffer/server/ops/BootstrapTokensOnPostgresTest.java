package dev.coffer.server.ops;

import dev.coffer.server.testing.Backend;

class BootstrapTokensOnPostgresTest extends BootstrapTokensSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
