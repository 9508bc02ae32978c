package dev.coffer.server.imports;

import dev.coffer.server.testing.Backend;

class ImportsOnPostgresTest extends ImportsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
