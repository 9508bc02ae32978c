package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class ConcurrentWritesOnPostgresTest extends ConcurrentWritesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
