package dev.coffer.server.roles;

import dev.coffer.server.testing.Backend;

class CustomRolesOnPostgresTest extends CustomRolesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
