package dev.coffer.server.access;

import dev.coffer.server.testing.Backend;

class PermissionsOnPostgresTest extends PermissionsSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
