package dev.coffer.server.access;

import dev.coffer.server.testing.Backend;

class PermissionsOnSqliteTest extends PermissionsSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
