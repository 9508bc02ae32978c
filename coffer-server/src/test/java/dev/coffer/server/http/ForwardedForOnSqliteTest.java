package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class ForwardedForOnSqliteTest extends ForwardedForSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
