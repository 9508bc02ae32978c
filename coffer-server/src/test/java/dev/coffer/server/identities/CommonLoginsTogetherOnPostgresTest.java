package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class CommonLoginsTogetherOnPostgresTest extends CommonLoginsTogetherSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
