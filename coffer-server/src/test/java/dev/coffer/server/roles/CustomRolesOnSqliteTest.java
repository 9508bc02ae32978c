package dev.coffer.server.roles;

import dev.coffer.server.testing.Backend;

class CustomRolesOnSqliteTest extends CustomRolesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
