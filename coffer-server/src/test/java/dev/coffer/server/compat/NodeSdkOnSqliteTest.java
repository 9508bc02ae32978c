package dev.coffer.server.compat;

import dev.coffer.server.testing.Backend;

class NodeSdkOnSqliteTest extends NodeSdkCompatibilitySuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
