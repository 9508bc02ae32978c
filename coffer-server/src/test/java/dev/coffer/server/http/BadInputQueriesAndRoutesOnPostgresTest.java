package dev.coffer.server.http;

import dev.coffer.server.testing.Backend;

class BadInputQueriesAndRoutesOnPostgresTest extends BadInputQueriesAndRoutesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
