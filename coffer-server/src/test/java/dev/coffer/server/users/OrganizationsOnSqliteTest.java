package dev.coffer.server.users;

import dev.coffer.server.testing.Backend;

class OrganizationsOnSqliteTest extends OrganizationsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
