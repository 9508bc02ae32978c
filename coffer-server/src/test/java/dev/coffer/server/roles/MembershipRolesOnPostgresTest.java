package dev.coffer.server.roles;

import dev.coffer.server.testing.Backend;

class MembershipRolesOnPostgresTest extends MembershipRolesSuite {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
