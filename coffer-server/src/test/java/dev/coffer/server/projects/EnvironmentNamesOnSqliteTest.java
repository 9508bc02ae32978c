package dev.coffer.server.projects;

import dev.coffer.server.testing.Backend;

class EnvironmentNamesOnSqliteTest extends EnvironmentNamesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
