package dev.coffer.server.roles;

import dev.coffer.server.testing.Backend;

class MembershipRolesOnSqliteTest extends MembershipRolesSuite {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
