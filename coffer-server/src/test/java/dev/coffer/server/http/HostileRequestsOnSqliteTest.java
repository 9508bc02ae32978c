package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class HostileRequestsOnSqliteTest extends HostileRequestsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
