package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadInputQueriesAndRoutesOnSqliteTest extends BadInputQueriesAndRoutesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
