package dev.coffer.server.secrets;

import dev.coffer.server.testing.Backend;

class GetOneCacheOffOnSqliteTest extends GetOneSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }

    @Override
    int secretsCacheMb() {
        return 0;
    }
}
