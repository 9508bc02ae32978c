package dev.coffer.server.identities;

import dev.coffer.server.testing.Backend;

class CommonLoginsTogetherOnSqliteTest extends CommonLoginsTogetherSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
