package dev.coffer.server.recovery;

import dev.coffer.server.testing.Backend;

class RecoveryOnPostgresTest extends RecoverySuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
